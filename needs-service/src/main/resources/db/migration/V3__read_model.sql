-- The read model of needs-service's own events (its couples and needs), kept by NeedsReadModel
-- from the event store, private drafts included. Each row carries the version of the read model
-- it belongs to: queries read the active version, and a rebuild fills the next one beside it.
-- Words stay sealed (ciphertext of their author's key), as in the event store.
create table couple_row (
  couple_id              uuid        not null,
  version                int         not null,
  stream_version         bigint      not null,
  formed_at              timestamptz not null,
  updated_at             timestamptz not null,
  invitation_id          uuid,
  invitation_expires_at  timestamptz,
  primary key (couple_id, version)
);

create table couple_member_row (
  couple_id       uuid    not null,
  version         int     not null,
  partner_id      uuid    not null,
  since_position  bigint  not null,
  left_couple     boolean not null default false,
  erased          boolean not null default false,
  primary key (couple_id, version, partner_id)
);

create index couple_member_row_partner on couple_member_row (version, partner_id, since_position desc);

create table need_row (
  need_id           uuid        not null,
  version           int         not null,
  couple_id         uuid        not null,
  author            uuid        not null,
  topic             text        not null,
  status            text        not null,
  meaning           text,
  hoped_outcome     text,
  why               text,
  met_by            uuid,
  drafted_at        timestamptz,
  shared_at         timestamptz,
  updated_at        timestamptz not null,
  drafted_position  bigint      not null,
  stream_version    bigint      not null,
  primary key (need_id, version)
);

create index need_row_couple on need_row (version, couple_id, drafted_position desc);

create table need_acknowledgement_row (
  need_id      uuid        not null,
  version      int         not null,
  seq          bigint      not null,
  by_partner   uuid        not null,
  heard        text        not null,
  at           timestamptz not null,
  primary key (need_id, version, seq)
);

create table need_question_row (
  question_id  uuid        not null,
  version      int         not null,
  need_id      uuid        not null,
  by_partner   uuid        not null,
  question     text        not null,
  asked_at     timestamptz not null,
  answer       text,
  answered_at  timestamptz,
  primary key (question_id, version)
);

create index need_question_row_need on need_question_row (version, need_id);
