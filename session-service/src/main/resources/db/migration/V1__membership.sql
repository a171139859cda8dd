-- What session-service knows of couples, learnt only from needs.events (MembershipProjection,
-- exactly once through eventing's projection marks): each couple, its partners, who left or was
-- erased, and the needs shared in it (a session can be about one). No words: needs.events has none.
create table known_couple (
  couple_id  uuid        primary key,
  formed_at  timestamptz not null
);

create table known_partner (
  couple_id    uuid    not null,
  partner_id   uuid    not null,
  left_couple  boolean not null default false,
  erased       boolean not null default false,
  primary key (couple_id, partner_id)
);

create table known_need (
  need_id    uuid primary key,
  couple_id  uuid not null,
  topic      text not null
);
