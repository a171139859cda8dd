-- A rebuild claims its version first and prepares its tables after; live consumers write to the
-- new version only once its tables are there. Claiming first keeps two rebuilds from preparing
-- (and emptying) the same version's tables at once.
alter table projection_version add column rebuild_prepared boolean not null default false;
