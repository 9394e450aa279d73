-- A ban keeps an account out until its end, with why and by whom (the admin audit keeps the history).
ALTER TABLE accounts
  ADD COLUMN banned_until timestamptz,
  ADD COLUMN ban_reason   text,
  ADD COLUMN banned_by    text;

-- Gold and goods an admin gave or took, one row per request id, so a retried grant moves once.
CREATE TABLE admin_grants (
  request_id text        PRIMARY KEY,
  account_id bigint      NOT NULL REFERENCES accounts (id),
  asset      text        NOT NULL,
  amount     bigint      NOT NULL,
  reason     text        NOT NULL,
  granted_by text        NOT NULL,
  at         timestamptz NOT NULL DEFAULT now()
);
