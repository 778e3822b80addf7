-- Support chat: a customer's conversation with the agents, its messages (stored before they are
-- acknowledged), read receipts, the audit trail of every state change, and the agents' presence and
-- round-robin position. A conversation can later be linked to a ticket (a nullable column added then).
CREATE TABLE chat_conversations (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id      uuid        NOT NULL REFERENCES users (id),
  order_id         uuid        REFERENCES orders (id),
  agent_id         uuid        REFERENCES users (id),
  status           text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'open', 'pending', 'resolved')),
  subject          text        NOT NULL DEFAULT '',
  client_id        text        NOT NULL,
  last_message_id  bigint      NOT NULL DEFAULT 0,
  queued_at        timestamptz NOT NULL DEFAULT now(),
  resolved_at      timestamptz,
  version          integer     NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  -- a retried "open" with the same client id finds the first conversation
  UNIQUE (customer_id, client_id),
  CHECK (status = 'queued' OR agent_id IS NOT NULL OR status = 'resolved')
);
CREATE INDEX chat_conversations_customer_idx ON chat_conversations (customer_id, created_at DESC);
CREATE INDEX chat_conversations_queue_idx ON chat_conversations (queued_at, id) WHERE status = 'queued';
CREATE INDEX chat_conversations_agent_idx ON chat_conversations (agent_id) WHERE status IN ('open', 'pending');

CREATE TABLE chat_messages (
  id              bigserial PRIMARY KEY,
  conversation_id uuid        NOT NULL REFERENCES chat_conversations (id),
  sender_id       uuid        REFERENCES users (id),
  sender_role     text        NOT NULL CHECK (sender_role IN ('customer', 'agent', 'system')),
  client_id       text,
  body            text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  -- a client retrying a message with the same id gets the first one back, never a duplicate
  UNIQUE (conversation_id, sender_id, client_id)
);
CREATE INDEX chat_messages_conversation_idx ON chat_messages (conversation_id, id);

CREATE TABLE chat_reads (
  conversation_id uuid        NOT NULL REFERENCES chat_conversations (id),
  user_id         uuid        NOT NULL REFERENCES users (id),
  message_id      bigint      NOT NULL,
  read_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, user_id)
);

CREATE TABLE chat_audit (
  id              bigserial PRIMARY KEY,
  conversation_id uuid        NOT NULL REFERENCES chat_conversations (id),
  action          text        NOT NULL,
  from_status     text,
  to_status       text        NOT NULL,
  actor_id        uuid        REFERENCES users (id),
  agent_id        uuid        REFERENCES users (id),
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_audit_conversation_idx ON chat_audit (conversation_id, id);

-- Agents seen on a chat connection: online while online_until is in the future (refreshed by the
-- instance holding the connection); last_assigned_at orders the round robin.
CREATE TABLE chat_agents (
  agent_id         uuid PRIMARY KEY REFERENCES users (id),
  online_until     timestamptz NOT NULL DEFAULT now(),
  last_assigned_at timestamptz NOT NULL DEFAULT '-infinity'
);
