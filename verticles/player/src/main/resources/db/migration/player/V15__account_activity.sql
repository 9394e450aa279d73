-- Presence moved to the social verticle. It reads when each player was last about from this view, never from
-- the sessions table, whose token hashes stay the player verticle's own. active_at counts only sessions still
-- valid (a player who logged out is not online however recently they clicked); last_seen_at counts every one.
CREATE VIEW account_activity AS
  SELECT account_id AS player_id,
         max(last_seen_at) FILTER (WHERE revoked_at IS NULL AND expires_at > now()) AS active_at,
         max(last_seen_at) AS last_seen_at
    FROM sessions
   GROUP BY account_id;

COMMENT ON VIEW account_activity IS 'Owned by the player verticle; read by the social verticle for presence.';
