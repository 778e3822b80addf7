-- Demand forecasts (issue 14): the global gradient-boosted-trees model's own forecast of each SKU, stored beside
-- the chosen one by the same training run (null when the model had no forecast of the SKU), so it can be served
-- (?method=gradient_boosted_trees) and measured alone: the model is fitted on every SKU at once, so it cannot be
-- computed for one SKU on demand.
ALTER TABLE demand_forecasts
  ADD COLUMN trees_units real[],
  ADD COLUMN trees_low   real[],
  ADD COLUMN trees_high  real[],
  ADD COLUMN trees_mase  double precision;
