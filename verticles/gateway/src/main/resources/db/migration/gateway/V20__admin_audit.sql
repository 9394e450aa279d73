-- Every admin action, owned by the gateway (verticles/gateway), which is where admins' requests arrive: who asked
-- what, when and why, written before the action is sent on (no action without its row), and then its answer as a
-- second row. Append-only: a trigger refuses every UPDATE and DELETE.
CREATE TABLE admin_audit (
  id        bigserial   PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  admin     text        NOT NULL,
  action    text        NOT NULL,            -- the route, such as POST /api/admin/clock/pause
  reason    text,
  details   jsonb       NOT NULL,            -- the request, without secrets
  answer_to bigint      REFERENCES admin_audit (id),
  status    integer                          -- on an answer: the HTTP status it got
);
CREATE INDEX admin_audit_recent ON admin_audit (id DESC);

CREATE FUNCTION admin_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'admin_audit is append-only';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER admin_audit_append_only BEFORE UPDATE OR DELETE ON admin_audit
  FOR EACH ROW EXECUTE FUNCTION admin_audit_append_only();
