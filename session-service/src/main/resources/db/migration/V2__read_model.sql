-- The read model of session-service's own events, kept by SessionsReadModel from the event store.
-- Each row carries the version of the read model it belongs to: queries read the active version,
-- and a rebuild fills the next one beside it. Words and private details stay sealed (ciphertext
-- of their author's key), as in the event store.
create table session_row (
  session_id        uuid        not null,
  version           int         not null,
  couple_id         uuid        not null,
  initiator         uuid        not null,
  proposed_by       uuid        not null,
  status            text        not null,
  starts_at         timestamptz not null,
  ends_at           timestamptz not null,
  place             text,
  place_author      uuid,
  need_id           uuid,
  topic             text,
  ground_rule       text,
  started_at        timestamptz,
  closed_at         timestamptz,
  close_reason      text,
  last_activity_at  timestamptz not null,
  proposed_position bigint      not null,
  stream_version    bigint      not null,
  updated_at        timestamptz not null,
  primary key (session_id, version)
);

create index session_row_couple on session_row (version, couple_id, proposed_position desc);
create index session_row_open on session_row (version, status, last_activity_at);

create table session_readiness_row (
  session_id     uuid        not null,
  version        int         not null,
  partner_id     uuid        not null,
  ready          boolean     not null,
  detail         text,
  checked_in_at  timestamptz not null,
  primary key (session_id, version, partner_id)
);

create table session_share_row (
  share_id    uuid        not null,
  version     int         not null,
  session_id  uuid        not null,
  author      uuid        not null,
  depth       text        not null,
  kind        text        not null,
  topic       text,
  text        text,
  shared_at   timestamptz not null,
  position    bigint      not null,
  primary key (share_id, version)
);

create index session_share_row_session on session_share_row (version, session_id, position);

create table session_question_row (
  question_id  uuid        not null,
  version      int         not null,
  session_id   uuid        not null,
  asked_by     uuid        not null,
  question     text,
  words        text,
  asked_at     timestamptz not null,
  position     bigint      not null,
  primary key (question_id, version)
);

create index session_question_row_session on session_question_row (version, session_id, position);

create table session_moment_row (
  moment_id    uuid        not null,
  version      int         not null,
  session_id   uuid        not null,
  noticed_by   uuid        not null,
  whose        text        not null,
  suggestion   text        not null,
  noticed_at   timestamptz not null,
  position     bigint      not null,
  primary key (moment_id, version)
);

create index session_moment_row_session on session_moment_row (version, session_id, position);

create table session_rating_row (
  session_id           uuid        not null,
  version              int         not null,
  partner_id           uuid        not null,
  rating               text,
  shared_with_partner  boolean     not null,
  rated_at             timestamptz not null,
  primary key (session_id, version, partner_id)
);
