-- Predictions (issue 14): what the prediction models learned from the shop's orders. Written by io.surge.predictions
-- only; orders and the catalog are read, never written. No foreign keys: a forecast of a deleted SKU simply stops
-- matching (every read joins the live catalog).

-- The one training run: all prediction models train in turn, one run at a time across instances.
CREATE TABLE prediction_training (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  state       text        NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'running')),
  started_at  timestamptz,
  finished_at timestamptz,
  -- history on or after this day was ignored (null: all history, forecasts from the day after training)
  cutoff      date
);
INSERT INTO prediction_training (id) VALUES (true);

-- Each model's last training: when, how long, how many rows it learned from, and its error if it failed.
CREATE TABLE prediction_models (
  model       text PRIMARY KEY,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz,
  duration_ms bigint,
  rows        bigint,
  last_error  text,
  details     jsonb
);

-- Each SKU's daily demand forecast from from_date on: the chosen method, its back-test error (and every
-- candidate's), the units per day and the 80% interval, one array element per day.
CREATE TABLE demand_forecasts (
  sku_id       uuid PRIMARY KEY,
  from_date    date             NOT NULL,
  method       text             NOT NULL,
  mase         double precision NOT NULL,
  candidates   jsonb            NOT NULL,
  units        real[]           NOT NULL,
  low          real[]           NOT NULL,
  high         real[]           NOT NULL,
  history_days integer          NOT NULL,
  sale_days    integer          NOT NULL,
  trained_at   timestamptz      NOT NULL DEFAULT now()
);
