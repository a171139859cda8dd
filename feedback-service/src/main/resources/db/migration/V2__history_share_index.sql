-- Whether a share is its session's first is counted on each share: without an index on the
-- session, that count read every share of the read model (found by benchmarks/
-- FeedbackProjectionBenchmark: the projection slowed as the history grew).
create index h_share_session on h_share (version, session_id, shared_at);
