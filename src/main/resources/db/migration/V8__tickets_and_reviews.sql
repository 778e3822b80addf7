-- Feedback tickets (customers and agents, a reply thread and an audit trail) and product reviews
-- (verified buyers, moderation, helpful votes) with a per-product rating summary.

CREATE TABLE tickets (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- what customers and agents quote on the phone
  number          bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
  customer_id     uuid        NOT NULL REFERENCES users (id),
  subject         text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  category        text        NOT NULL DEFAULT 'other'
                              CHECK (category IN ('order', 'delivery', 'payment', 'return', 'product', 'account', 'other')),
  status          text        NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'pending', 'solved', 'closed')),
  order_id        uuid        REFERENCES orders (id),
  -- the chat this ticket was made from; no foreign key: the chat tables belong to another migration
  conversation_id uuid        UNIQUE,
  assignee_id     uuid        REFERENCES users (id),
  solved_at       timestamptz,
  last_reply_at   timestamptz NOT NULL DEFAULT now(),
  version         integer     NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tickets_customer_idx ON tickets (customer_id, created_at DESC, id DESC);
CREATE INDEX tickets_status_idx ON tickets (status, created_at DESC, id DESC);
CREATE INDEX tickets_assignee_idx ON tickets (assignee_id, created_at DESC, id DESC);
CREATE INDEX tickets_created_idx ON tickets (created_at DESC, id DESC);
CREATE INDEX tickets_solved_idx ON tickets (solved_at) WHERE status = 'solved';

-- The reply thread. Internal notes are for agents only and never shown to the customer.
CREATE TABLE ticket_messages (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id   uuid        NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  author_id   uuid        REFERENCES users (id),
  author_role text        NOT NULL CHECK (author_role IN ('customer', 'agent', 'system')),
  body        text        NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  internal    boolean     NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX ticket_messages_thread_idx ON ticket_messages (ticket_id, created_at, id);

-- Every change: who, when, what (status, assignee, category), from, to, why.
CREATE TABLE ticket_history (
  id         bigserial PRIMARY KEY,
  ticket_id  uuid        NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  change     text        NOT NULL CHECK (change IN ('created', 'status', 'assignee', 'category')),
  from_value text,
  to_value   text,
  actor_id   uuid,
  actor      text        NOT NULL CHECK (actor IN ('customer', 'agent', 'system')),
  note       text,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_history_ticket_idx ON ticket_history (ticket_id, id);

CREATE TABLE reviews (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id        uuid        NOT NULL REFERENCES products (id),
  user_id           uuid        NOT NULL REFERENCES users (id),
  rating            smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title             text        NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
  body              text        NOT NULL CHECK (length(body) <= 5000),
  status            text        NOT NULL CHECK (status IN ('pending', 'published', 'rejected')),
  -- why the screen held it back ("link", "blocked word"), or the moderator's note
  moderation_reason text,
  moderated_by      uuid        REFERENCES users (id),
  moderated_at      timestamptz,
  helpful_count     integer     NOT NULL DEFAULT 0 CHECK (helpful_count >= 0),
  version           integer     NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reviews_one_per_buyer UNIQUE (product_id, user_id)
);
CREATE INDEX reviews_newest_idx ON reviews (product_id, created_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX reviews_helpful_idx ON reviews (product_id, helpful_count DESC, created_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX reviews_pending_idx ON reviews (created_at, id) WHERE status = 'pending';

CREATE TABLE review_votes (
  review_id  uuid        NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  user_id    uuid        NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (review_id, user_id)
);

-- Published reviews only; rewritten in the transaction that publishes, unpublishes or changes one.
CREATE TABLE product_ratings (
  product_id   uuid    PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
  review_count integer NOT NULL DEFAULT 0,
  rating_sum   integer NOT NULL DEFAULT 0,
  stars_1      integer NOT NULL DEFAULT 0,
  stars_2      integer NOT NULL DEFAULT 0,
  stars_3      integer NOT NULL DEFAULT 0,
  stars_4      integer NOT NULL DEFAULT 0,
  stars_5      integer NOT NULL DEFAULT 0,
  CHECK (review_count = stars_1 + stars_2 + stars_3 + stars_4 + stars_5)
);
