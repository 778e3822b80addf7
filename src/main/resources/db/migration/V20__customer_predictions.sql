-- Who is likely to buy again (issue 14, part B). Written by io.surge.predictions.customers only; orders, users and
-- the catalog are read, never written. No foreign keys: an erased user simply stops matching.

-- Each customer's score as of the last training's as_of: the probability of an order within 30 days, the RFM-style
-- segment, the features the model saw and each one's contribution (SHAP values, log-odds) to the score.
CREATE TABLE customer_repurchase_scores (
  user_id     uuid PRIMARY KEY,
  probability real        NOT NULL CHECK (probability >= 0 AND probability <= 1),
  segment     text        NOT NULL CHECK (segment IN ('champions', 'loyal', 'new', 'at_risk', 'hibernating')),
  orders      integer     NOT NULL,
  features    jsonb       NOT NULL,
  drivers     jsonb       NOT NULL
);
-- the re-engagement list: most likely first, the user id breaking ties (also the cursor)
CREATE INDEX customer_repurchase_scores_rank_idx ON customer_repurchase_scores (probability DESC, user_id DESC);
CREATE INDEX customer_repurchase_scores_segment_idx ON customer_repurchase_scores (segment, probability DESC, user_id DESC);

-- The one training record: running or idle, which classifier won the held-out cut-off and by how much, the history
-- cut-off it scored at (as_of), what it cost, and the version the scores were made by.
CREATE TABLE customer_repurchase_model (
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  state        text        NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'running')),
  version      integer     NOT NULL DEFAULT 0,
  started_at   timestamptz,
  trained_at   timestamptz,
  as_of        timestamptz,
  algorithm    text,
  duration_ms  bigint,
  memory_bytes bigint,
  rows         integer,
  customers    integer,
  measurements jsonb,
  last_error   text
);
INSERT INTO customer_repurchase_model (id) VALUES (true);
