-- A new time asks both partners afresh how they feel. Instead of deleting the check-ins of the
-- earlier time (a bulk delete in the middle of a batch would bypass the session's loaded rows),
-- each session counts its proposals ("rounds"), each check-in says for which round it was given,
-- and reads show the check-ins of the current round only.
alter table session_row add column round int not null default 0;
alter table session_readiness_row add column round int not null default 0;
