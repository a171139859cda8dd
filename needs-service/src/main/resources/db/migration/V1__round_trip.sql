-- Round trips through the broker (diagnostics; no free text).
create table round_trip (
  id          uuid primary key,
  partner_id  uuid        not null,
  sent_at     timestamptz not null,
  received_at timestamptz not null
);
