-- The round trip of the foundation is replaced by the real features.
drop table round_trip;

-- Invitation codes: looked up by the hash of the code a partner types. The code itself is kept
-- sealed with the inviter's key, so the inviter can see it again (and a repeated create returns
-- it), while the database alone never reveals it.
create table invitation (
  code_hash     text        primary key,
  couple_id     uuid        not null,
  invitation_id uuid        not null unique,
  invited_by    uuid        not null,
  sealed_code   text        not null,
  expires_at    timestamptz not null,
  created_at    timestamptz not null default now()
);

create index invitation_couple on invitation (couple_id);
