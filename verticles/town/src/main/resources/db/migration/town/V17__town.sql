-- Town politics, owned by TownVerticle (verticles/town). Game times are game minutes.

-- Who holds each town's offices now. mayor_id NULL: the town's steward keeps the laws as they are.
CREATE TABLE town_offices (
  town        text    PRIMARY KEY,
  mayor_id    bigint,
  mayor_name  text,
  council     jsonb   NOT NULL DEFAULT '[]',   -- [{playerId, name}]
  term_from   bigint  NOT NULL,
  term_until  bigint  NOT NULL,
  election_id bigint                           -- the election that began this term
);

-- Elections: at most one open (not yet counted) per town. The count runs once: it sets counted and writes the result
-- in the same transaction as the new term, under a lock on this row.
CREATE TABLE town_elections (
  id             bigserial PRIMARY KEY,
  town           text    NOT NULL,
  kind           text    NOT NULL CHECK (kind IN ('regular', 'recall')),
  candidacy_from bigint  NOT NULL,
  voting_from    bigint  NOT NULL,
  closes_at      bigint  NOT NULL,
  counted        boolean NOT NULL DEFAULT false,
  result         jsonb,
  CHECK (candidacy_from < voting_from AND voting_from < closes_at)
);
CREATE UNIQUE INDEX town_elections_one_open ON town_elections (town) WHERE NOT counted;

CREATE TABLE town_candidates (
  id          bigserial PRIMARY KEY,
  election_id bigint NOT NULL REFERENCES town_elections (id),
  player_id   bigint NOT NULL,
  name        text   NOT NULL,
  statement   text   NOT NULL,
  declared_at bigint NOT NULL,
  UNIQUE (election_id, player_id)
);

-- One ballot per account and election; cast again, it is replaced.
CREATE TABLE town_ballots (
  election_id bigint   NOT NULL REFERENCES town_elections (id),
  player_id   bigint   NOT NULL,
  ranking     bigint[] NOT NULL,   -- candidate ids, first choice first; empty: a blank ballot
  cast_at     bigint   NOT NULL,
  PRIMARY KEY (election_id, player_id)
);

-- Since when each account's character has lived in the town it is in (kept from the player verticle's
-- character_locations view as characters come and go).
CREATE TABLE town_residents (
  player_id bigint PRIMARY KEY,
  town      text   NOT NULL,
  since     bigint NOT NULL
);

-- Every rate change a mayor announced: it applies from applies_from, announced at least the charter's notice before.
CREATE TABLE town_rates (
  id           bigserial PRIMARY KEY,
  town         text   NOT NULL,
  kind         text   NOT NULL,
  rate         bigint NOT NULL CHECK (rate >= 0),
  announced_at bigint NOT NULL,
  applies_from bigint NOT NULL,
  set_by       text   NOT NULL,
  request_id   text,             -- sent again after a lost answer, the same id finds this change
  CHECK (applies_from > announced_at)
);
CREATE UNIQUE INDEX town_rates_by_request ON town_rates (town, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX town_rates_by_town ON town_rates (town, kind, id);

-- Decrees: 'voting' until the vote closes; 'made' once paid (the treasury's ledger transfer is in the same
-- transaction); 'rejected' by the vote; 'unpaid' when a passed vote found the treasury short.
CREATE TABLE town_decrees (
  id           bigserial PRIMARY KEY,
  town         text    NOT NULL,
  kind         text    NOT NULL,
  amount       integer NOT NULL CHECK (amount > 0),
  cost         bigint  NOT NULL CHECK (cost > 0),
  status       text    NOT NULL CHECK (status IN ('voting', 'made', 'rejected', 'unpaid')),
  mayor_id     bigint  NOT NULL,
  mayor_name   text    NOT NULL,
  term_from    bigint  NOT NULL,
  proposed_at  bigint  NOT NULL,
  vote_closes  bigint,
  starts_at    bigint,
  ends_at      bigint,
  yes          integer NOT NULL DEFAULT 0,
  no           integer NOT NULL DEFAULT 0,
  request_id   text              -- sent again after a lost answer, the same id finds this decree
);
CREATE UNIQUE INDEX town_decrees_by_request ON town_decrees (mayor_id, request_id) WHERE request_id IS NOT NULL;
CREATE INDEX town_decrees_by_town ON town_decrees (town, id DESC);
CREATE INDEX town_decrees_voting ON town_decrees (vote_closes) WHERE status = 'voting';

CREATE TABLE town_decree_votes (
  decree_id bigint  NOT NULL REFERENCES town_decrees (id),
  player_id bigint  NOT NULL,
  yes       boolean NOT NULL,
  PRIMARY KEY (decree_id, player_id)
);

-- Signatures on a petition to recall the mayor of a term: one per account.
CREATE TABLE town_recalls (
  town      text   NOT NULL,
  term_from bigint NOT NULL,
  player_id bigint NOT NULL,
  signed_at bigint NOT NULL,
  PRIMARY KEY (town, term_from, player_id)
);

-- The treasury's public list: every ledger entry into or out of town:<town>, stamped with the game time the town
-- verticle first saw it (within a tick of the entry). qty is positive in, negative out; cause is the entry's reason.
CREATE TABLE treasury_flows (
  entry_id     bigint PRIMARY KEY,
  town         text   NOT NULL,
  game_minutes bigint NOT NULL,
  qty          bigint NOT NULL,
  other        text   NOT NULL,
  cause        text   NOT NULL
);
CREATE INDEX treasury_flows_by_town ON treasury_flows (town, entry_id DESC);

-- What the town hall proclaims to the realm (results, new rates, decrees) as world events, written in the same
-- transaction as what it tells of and sent until the events verticle has it (its key makes a resend harmless).
CREATE TABLE town_news (
  key   text    PRIMARY KEY,
  town  text    NOT NULL,
  type  text    NOT NULL,
  hours integer NOT NULL,
  text  text    NOT NULL,
  sent  boolean NOT NULL DEFAULT false
);
CREATE INDEX town_news_unsent ON town_news (key) WHERE NOT sent;
