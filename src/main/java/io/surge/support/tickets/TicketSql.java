package io.surge.support.tickets;

/** Every SQL statement of the tickets domain. */
final class TicketSql {

  private TicketSql() {
  }

  static final String COLUMNS = "id, number, customer_id, subject, category, status, order_id, conversation_id, assignee_id, "
    + "solved_at, last_reply_at, version, created_at, updated_at";

  static final String OWN_ORDER = "SELECT 1 FROM orders WHERE id = $1 AND user_id = $2";
  /** A chat becomes at most one ticket: opening it again finds the first. */
  static final String INSERT = """
    INSERT INTO tickets (customer_id, subject, category, order_id, conversation_id)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (conversation_id) DO NOTHING
    RETURNING\s""" + COLUMNS;
  static final String BY_CONVERSATION = "SELECT " + COLUMNS + " FROM tickets WHERE conversation_id = $1";
  static final String INSERT_MESSAGE = """
    INSERT INTO ticket_messages (ticket_id, author_id, author_role, body, internal) VALUES ($1, $2, $3, $4, $5)
    RETURNING id, author_id, author_role, body, internal, created_at""";
  static final String INSERT_HISTORY = "INSERT INTO ticket_history (ticket_id, change, from_value, to_value, actor_id, actor, note) "
    + "VALUES ($1, $2, $3, $4, $5, $6, $7)";

  /** $2 null: any ticket (staff); otherwise only that customer's. */
  static final String FIND = "SELECT " + COLUMNS
    + " FROM tickets WHERE id = $1 AND ($2::uuid IS NULL OR customer_id = $2)";
  static final String LOCK = FIND + " FOR UPDATE";
  static final String HISTORY = "SELECT change, from_value, to_value, actor_id, actor, note, at FROM ticket_history "
    + "WHERE ticket_id = $1 ORDER BY id";
  static final String UPDATE = """
    UPDATE tickets SET status = $2, assignee_id = $3, category = $4, version = version + 1, updated_at = now(),
           solved_at = CASE WHEN $2 = 'solved' THEN coalesce(solved_at, now()) WHEN $2 = 'closed' THEN solved_at END,
           last_reply_at = CASE WHEN $5 THEN now() ELSE last_reply_at END
     WHERE id = $1 RETURNING\s""" + COLUMNS;
  /** The customer with their five latest orders (one row per order; order columns null when there are none). */
  static final String CUSTOMER_CONTEXT = """
    SELECT u.id, u.display_name, u.email, o.id AS order_id, o.status AS order_status, o.total_amount, o.currency,
           o.created_at AS ordered_at
      FROM users u
      LEFT JOIN LATERAL (SELECT id, status, total_amount, currency, created_at FROM orders
                          WHERE user_id = u.id ORDER BY created_at DESC, id DESC LIMIT 5) o ON true
     WHERE u.id = $1
     ORDER BY o.created_at DESC NULLS LAST, o.id DESC""";
  static final String IS_STAFF = "SELECT 1 FROM users WHERE id = $1 AND roles && ARRAY['agent', 'admin']";

  /** Thread, oldest first; $2 whether internal notes show; $3/$4 the last message's (created_at, id). */
  static final String THREAD = """
    SELECT id, author_id, author_role, body, internal, created_at FROM ticket_messages
     WHERE ticket_id = $1 AND ($2 OR NOT internal)
       AND ($3::timestamptz IS NULL OR (created_at, id) > ($3, $4::uuid))
     ORDER BY created_at, id LIMIT $5""";

  /** A customer's own tickets, newest first; $2 status or null; $3/$4 keyset. */
  static final String LIST_MINE = "SELECT " + COLUMNS + " FROM tickets WHERE customer_id = $1 "
    + "AND ($2::text IS NULL OR status = $2) "
    + "AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid)) ORDER BY created_at DESC, id DESC LIMIT $5";
  /**
   * The agents' list: $1 status, $2 assignee (null: anyone; $3 true: unassigned only), $4 category, $5 customer,
   * $6/$7 keyset, $8 limit. Newest first.
   */
  static final String LIST_ALL = """
    SELECT\s""" + COLUMNS + """
     FROM tickets
    WHERE ($1::text IS NULL OR status = $1)
      AND ($2::uuid IS NULL OR assignee_id = $2)
      AND (NOT $3 OR assignee_id IS NULL)
      AND ($4::text IS NULL OR category = $4)
      AND ($5::uuid IS NULL OR customer_id = $5)
      AND ($6::timestamptz IS NULL OR (created_at, id) < ($6, $7::uuid))
    ORDER BY created_at DESC, id DESC LIMIT $8""";

  static final String DUE_FOR_CLOSING = "SELECT id, version FROM tickets WHERE status = 'solved' "
    + "AND solved_at < now() - make_interval(days => $1) ORDER BY solved_at LIMIT 100";

  /** The customer's tickets for their data export, each with the thread they can see (no internal notes). */
  static final String EXPORT = """
    SELECT coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'number', t.number, 'subject', t.subject,
             'category', t.category, 'status', t.status, 'order_id', t.order_id, 'created_at', t.created_at,
             'solved_at', t.solved_at,
             'messages', (SELECT coalesce(jsonb_agg(jsonb_build_object('author_role', m.author_role, 'body', m.body,
                            'created_at', m.created_at) ORDER BY m.created_at, m.id), '[]')
                          FROM ticket_messages m WHERE m.ticket_id = t.id AND NOT m.internal))
             ORDER BY t.created_at, t.id), '[]') AS tickets
    FROM tickets t WHERE t.customer_id = $1""";
  /**
   * Erasure: the customer's words go, the ticket (number, status, dates, the agents' replies and notes) stays for
   * the support history. Their own messages, and a chat-made ticket's first message (the chat transcript), are
   * overwritten.
   */
  static final String ERASE_MESSAGES = """
    UPDATE ticket_messages m SET body = '[erased]'
      FROM tickets t
     WHERE t.id = m.ticket_id AND t.customer_id = $1 AND m.body <> '[erased]'
       AND (m.author_id = $1 OR (t.conversation_id IS NOT NULL AND m.id = (SELECT f.id FROM ticket_messages f
             WHERE f.ticket_id = t.id ORDER BY f.created_at, f.id LIMIT 1)))""";
  static final String ERASE_SUBJECTS = "UPDATE tickets SET subject = '[erased]', version = version + 1, updated_at = now() "
    + "WHERE customer_id = $1 AND subject <> '[erased]'";
}
