-- feedback-service's read side. Every table carries the version of its read model: queries read
-- the active one, and a rebuild fills the next beside it.
--
-- From the service's own event store (FeedbackReadModel): each praise with its words, sealed with
-- the giver's key; each partner's consent to comparisons (private: never published).
create table praise_row (
  praise_id       uuid        not null,
  version         int         not null,
  couple_id       uuid        not null,
  given_by        uuid        not null,
  target_kind     text        not null,
  target_id       uuid        not null,
  style           text        not null,
  words           text,
  given_at        timestamptz not null,
  status          text        not null,
  declined_rule   text,
  stream_version  bigint      not null,
  updated_at      timestamptz not null,
  primary key (praise_id, version)
);
create index praise_row_couple on praise_row (version, couple_id, given_at desc, praise_id desc);
create index praise_row_target on praise_row (version, target_id);

create table consent_row (
  couple_id   uuid        not null,
  version     int         not null,
  partner_id  uuid        not null,
  opted_in    boolean     not null,
  updated_at  timestamptz not null,
  primary key (couple_id, version, partner_id)
);

-- From the topics (HistoryProjection: needs.events, sessions.events, feedback.events), exactly once,
-- in any order between topics: the couple's facts, and its timeline. No words: the topics have
-- none.
create table h_couple (
  couple_id  uuid        not null,
  version    int         not null,
  formed_at  timestamptz,
  closed_at  timestamptz,
  primary key (couple_id, version)
);

create table h_partner (
  couple_id   uuid        not null,
  version     int         not null,
  partner_id  uuid        not null,
  left_at     timestamptz,
  erased      boolean     not null default false,
  primary key (couple_id, version, partner_id)
);

create table h_need (
  need_id          uuid        not null,
  version          int         not null,
  couple_id        uuid        not null,
  author           uuid,
  topic            text,
  shared_at        timestamptz,
  acknowledged_at  timestamptz,
  met_at           timestamptz,
  withdrawn_at     timestamptz,
  primary key (need_id, version)
);
create index h_need_couple on h_need (version, couple_id);

create table h_session (
  session_id    uuid        not null,
  version       int         not null,
  couple_id     uuid        not null,
  initiator     uuid,
  proposed_at   timestamptz,
  started_at    timestamptz,
  closed_at     timestamptz,
  close_reason  text,
  primary key (session_id, version)
);
create index h_session_couple on h_session (version, couple_id);

create table h_share (
  share_id    uuid        not null,
  version     int         not null,
  couple_id   uuid        not null,
  session_id  uuid        not null,
  author      uuid        not null,
  depth       int         not null,
  kind        text        not null,
  topic       text,
  shared_at   timestamptz not null,
  primary key (share_id, version)
);
create index h_share_couple on h_share (version, couple_id);

create table h_engagement (
  event_id    uuid        not null,
  version     int         not null,
  couple_id   uuid        not null,
  session_id  uuid        not null,
  by_partner  uuid        not null,
  curiosity   boolean     not null,
  at          timestamptz not null,
  primary key (event_id, version)
);
create index h_engagement_couple on h_engagement (version, couple_id);

create table h_rating (
  session_id  uuid        not null,
  version     int         not null,
  partner_id  uuid        not null,
  couple_id   uuid        not null,
  safety      int         not null,
  soft_start  boolean     not null,
  at          timestamptz not null,
  primary key (session_id, version, partner_id)
);
create index h_rating_couple on h_rating (version, couple_id);

create table h_praise (
  praise_id     uuid        not null,
  version       int         not null,
  couple_id     uuid        not null,
  given_by      uuid        not null,
  target_kind   text        not null,
  target_id     uuid        not null,
  style         text        not null,
  given_at      timestamptz not null,
  withdrawn_at  timestamptz,
  declined      boolean     not null default false,
  primary key (praise_id, version)
);
create index h_praise_couple on h_praise (version, couple_id);
create index h_praise_target on h_praise (version, target_id);

create table h_timeline (
  entry_id    uuid        not null,
  version     int         not null,
  couple_id   uuid        not null,
  step        int         not null,
  kind        text        not null,
  actor       uuid,
  at          timestamptz not null,
  subject_id  uuid,
  service     text,
  path        text,
  primary key (entry_id, version)
);
create index h_timeline_couple on h_timeline (version, couple_id, at desc, entry_id desc);
create index h_timeline_subject on h_timeline (version, subject_id);
