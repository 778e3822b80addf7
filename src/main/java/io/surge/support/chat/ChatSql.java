package io.surge.support.chat;

/** Every SQL statement of the support chat. */
final class ChatSql {

  private ChatSql() {
  }

  static final String CONVERSATION_COLUMNS = "c.id, c.customer_id, c.order_id, c.agent_id, c.status, c.subject, "
    + "c.last_message_id, c.queued_at, c.resolved_at, c.version, c.created_at, c.updated_at, "
    + "cu.display_name AS customer_name, ag.display_name AS agent_name";
  private static final String CONVERSATION_FROM = " FROM chat_conversations c JOIN users cu ON cu.id = c.customer_id "
    + "LEFT JOIN users ag ON ag.id = c.agent_id ";

  static final String FIND = "SELECT " + CONVERSATION_COLUMNS + CONVERSATION_FROM + "WHERE c.id = $1";
  /** Locks the conversation: its messages then get ids in commit order, and state changes serialise. */
  static final String LOCK = "SELECT c.id, c.customer_id, c.agent_id, c.status, c.last_message_id FROM chat_conversations c "
    + "WHERE c.id = $1 FOR UPDATE";
  static final String PARTICIPANTS = "SELECT c.id, c.customer_id, c.agent_id, c.status FROM chat_conversations c WHERE c.id = $1";
  static final String OWN_ORDER = "SELECT 1 FROM orders WHERE id = $1 AND user_id = $2";
  static final String OPEN = """
    INSERT INTO chat_conversations (customer_id, order_id, subject, client_id) VALUES ($1, $2, $3, $4)
    ON CONFLICT (customer_id, client_id) DO NOTHING RETURNING id""";
  static final String BY_CLIENT_ID = "SELECT id FROM chat_conversations WHERE customer_id = $1 AND client_id = $2";
  static final String LOCK_CUSTOMER = "SELECT pg_advisory_xact_lock(hashtextextended('surge.chat.customer:' || $1, 0))";
  static final String ACTIVE_FOR_CUSTOMER = "SELECT count(*) FROM chat_conversations WHERE customer_id = $1 AND status <> 'resolved'";
  static final String AUDIT = "INSERT INTO chat_audit (conversation_id, action, from_status, to_status, actor_id, agent_id) "
    + "VALUES ($1, $2, $3, $4, $5, $6)";
  static final String SET_STATE = "UPDATE chat_conversations SET status = $2, agent_id = $3, version = version + 1, "
    + "updated_at = now(), resolved_at = CASE WHEN $2 = 'resolved' THEN now() END, "
    + "queued_at = CASE WHEN $2 = 'queued' THEN now() ELSE queued_at END WHERE id = $1";

  static final String INSERT_MESSAGE = """
    INSERT INTO chat_messages (conversation_id, sender_id, sender_role, client_id, body) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (conversation_id, sender_id, client_id) DO NOTHING
    RETURNING id, conversation_id, sender_id, sender_role, client_id, body, created_at""";
  /**
   * A message posted in one round trip (its own transaction): the conversation's row is locked first ($1; so messages
   * get ids in commit order and moves serialise with it), the message is stored only when $2 may write there ($6: an
   * agent, who must be the assigned one; else the customer, who must own it) and it is not resolved, a customer's
   * answer puts a pending conversation back to open (with its audit row). One row while the conversation exists: its
   * people and state as locked, the id of the message before (0: none), and the stored message, or null columns when
   * none was stored (refused, or the same client id stored by an earlier try: ON CONFLICT). Five round trips (BEGIN,
   * lock, insert, update, COMMIT) were most of the PostgreSQL and driver work of a chat message.
   */
  static final String POST = """
    WITH c AS (
      SELECT id, customer_id, agent_id, status, last_message_id FROM chat_conversations WHERE id = $1 FOR UPDATE
    ), ins AS (
      INSERT INTO chat_messages (conversation_id, sender_id, sender_role, client_id, body)
      SELECT c.id, $2, $3, $4, $5 FROM c
      WHERE c.status <> 'resolved' AND CASE WHEN $6::boolean THEN c.agent_id = $2 ELSE c.customer_id = $2 END
      ON CONFLICT (conversation_id, sender_id, client_id) DO NOTHING
      RETURNING id, conversation_id, sender_id, sender_role, client_id, body, created_at
    ), after AS (
      UPDATE chat_conversations v SET last_message_id = ins.id, updated_at = now(),
        status = CASE WHEN v.status = 'pending' AND NOT $6::boolean THEN 'open' ELSE v.status END
      FROM ins WHERE v.id = ins.conversation_id
    ), answered AS (
      INSERT INTO chat_audit (conversation_id, action, from_status, to_status, actor_id, agent_id)
      SELECT c.id, 'answered', 'pending', 'open', $2, c.agent_id FROM c JOIN ins ON true
      WHERE c.status = 'pending' AND NOT $6::boolean
    )
    SELECT c.customer_id, c.agent_id, c.status, c.last_message_id AS previous_id, ins.id, ins.conversation_id,
      ins.sender_id, ins.sender_role, ins.client_id, ins.body, ins.created_at
    FROM c LEFT JOIN ins ON true""";
  /** The message an earlier try stored, and the one before it in its conversation (0: none). */
  static final String MESSAGE_BY_CLIENT_ID = "SELECT m.id, m.conversation_id, m.sender_id, m.sender_role, m.client_id, "
    + "m.body, m.created_at, (SELECT coalesce(max(p.id), 0) FROM chat_messages p WHERE p.conversation_id = m.conversation_id "
    + "AND p.id < m.id) AS previous_id FROM chat_messages m WHERE m.conversation_id = $1 AND m.sender_id = $2 AND m.client_id = $3";
  /** A customer writing to a conversation waiting on them puts it back to open. */
  static final String AFTER_MESSAGE = "UPDATE chat_conversations SET last_message_id = $2, updated_at = now(), "
    + "status = CASE WHEN status = 'pending' AND $3 THEN 'open' ELSE status END WHERE id = $1 RETURNING status";
  static final String MESSAGES_AFTER = "SELECT id, conversation_id, sender_id, sender_role, client_id, body, created_at "
    + "FROM chat_messages WHERE conversation_id = $1 AND id > $2 ORDER BY id LIMIT $3";
  /** History, newest first; $2 the last id served (null: from the newest). */
  static final String HISTORY = "SELECT id, conversation_id, sender_id, sender_role, client_id, body, created_at "
    + "FROM chat_messages WHERE conversation_id = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3";
  static final String MARK_READ = """
    INSERT INTO chat_reads (conversation_id, user_id, message_id) VALUES ($1, $2, $3)
    ON CONFLICT (conversation_id, user_id) DO UPDATE SET message_id = greatest(chat_reads.message_id, excluded.message_id),
      read_at = CASE WHEN excluded.message_id > chat_reads.message_id THEN now() ELSE chat_reads.read_at END
    RETURNING message_id, read_at""";
  static final String READS = "SELECT user_id, message_id, read_at FROM chat_reads WHERE conversation_id = $1";
  static final String AUDIT_TRAIL = "SELECT action, from_status, to_status, actor_id, agent_id, at FROM chat_audit "
    + "WHERE conversation_id = $1 ORDER BY id";
  static final String RECENT_ORDERS = "SELECT id, status, total_amount, currency, item_count, created_at FROM orders "
    + "WHERE user_id = $1 ORDER BY created_at DESC LIMIT 5";

  /** A customer's conversations, or (agents) everyone's: $1 customer or null, $2 status or null, $3 agent or null, keyset $4/$5. */
  static final String LIST = "SELECT " + CONVERSATION_COLUMNS + CONVERSATION_FROM + """
    WHERE ($1::uuid IS NULL OR c.customer_id = $1) AND ($2::text IS NULL OR c.status = $2)
      AND ($3::uuid IS NULL OR c.agent_id = $3)
      AND ($4::timestamptz IS NULL OR (c.updated_at, c.id) < ($4, $5::uuid))
    ORDER BY c.updated_at DESC, c.id DESC LIMIT $6""";
  /** What a connection is told when it says hello: the user's live conversations (customers: also the last resolved ones). */
  static final String FOR_CUSTOMER = "SELECT " + CONVERSATION_COLUMNS + CONVERSATION_FROM
    + "WHERE c.customer_id = $1 ORDER BY (c.status = 'resolved'), c.updated_at DESC LIMIT 20";
  static final String FOR_AGENT = "SELECT " + CONVERSATION_COLUMNS + CONVERSATION_FROM
    + "WHERE c.agent_id = $1 AND c.status IN ('open', 'pending') ORDER BY c.updated_at DESC";
  static final String QUEUE_LENGTH = "SELECT count(*) FROM chat_conversations WHERE status = 'queued'";

  static final String IS_AGENT = "SELECT display_name FROM users WHERE id = $1 AND 'agent' = ANY(roles)";
  static final String AGENT_LOAD = "SELECT count(*) FROM chat_conversations WHERE agent_id = $1 AND status IN ('open', 'pending')";
  static final String AGENT_ONLINE = """
    INSERT INTO chat_agents (agent_id, online_until) VALUES ($1, now() + make_interval(secs => $2))
    ON CONFLICT (agent_id) DO UPDATE SET online_until = excluded.online_until""";
  static final String AGENTS_ONLINE = "UPDATE chat_agents SET online_until = now() + make_interval(secs => $2) WHERE agent_id = ANY($1)";
  static final String AGENT_OFFLINE = "UPDATE chat_agents SET online_until = now() WHERE agent_id = $1";

  /** One assigner at a time, across instances. */
  static final String ASSIGN_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('surge.chat.assign', 0))";
  /** Online agents, the one assigned longest ago first (round robin), with their open load. */
  static final String ASSIGNABLE_AGENTS = """
    SELECT a.agent_id, (SELECT count(*) FROM chat_conversations c WHERE c.agent_id = a.agent_id
                          AND c.status IN ('open', 'pending'))::int AS load
      FROM chat_agents a WHERE a.online_until > now() ORDER BY a.last_assigned_at, a.agent_id""";
  static final String QUEUED = "SELECT id, customer_id, queued_at FROM chat_conversations WHERE status = 'queued' ORDER BY queued_at, id "
    + "LIMIT 1000 FOR UPDATE";
  static final String ASSIGN = "UPDATE chat_conversations SET status = 'open', agent_id = $2, version = version + 1, "
    + "updated_at = now() WHERE id = $1";
  static final String AGENT_ASSIGNED = "UPDATE chat_agents SET last_assigned_at = clock_timestamp() WHERE agent_id = $1";

  /** A conversation as text for its ticket: the first messages, oldest first. */
  static final String TRANSCRIPT = "SELECT sender_role, body, created_at FROM chat_messages WHERE conversation_id = $1 "
    + "ORDER BY id LIMIT 200";

  /** The customer's conversations for their data export, each with every message. */
  static final String EXPORT = """
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'order_id', c.order_id, 'status', c.status,
             'subject', c.subject, 'created_at', c.created_at, 'resolved_at', c.resolved_at,
             'messages', (SELECT coalesce(jsonb_agg(jsonb_build_object('sender_role', m.sender_role, 'body', m.body,
                            'created_at', m.created_at) ORDER BY m.id), '[]')
                          FROM chat_messages m WHERE m.conversation_id = c.id))
             ORDER BY c.created_at, c.id), '[]') AS conversations
    FROM chat_conversations c WHERE c.customer_id = $1""";
  /** Erasure: what the customer wrote is gone; the conversation, its audit trail and the agents' replies stay. */
  static final String ERASE_MESSAGES = "UPDATE chat_messages SET body = '' WHERE sender_id = $1 AND body <> ''";
  static final String ERASE_SUBJECTS = "UPDATE chat_conversations SET subject = '', version = version + 1, "
    + "updated_at = now() WHERE customer_id = $1 AND subject <> ''";
}
