#include "race_support.h"

namespace pgplay {

const std::string& raceSupportInstallSql() {
    static const std::string sql = R"sql(
CREATE SCHEMA pgplay_race;
CREATE TABLE pgplay_race.log (
    seq bigserial PRIMARY KEY,
    session text NOT NULL,
    tbl regclass NOT NULL,
    op text NOT NULL,
    old_row jsonb,
    new_row jsonb,
    commit_seq bigint   -- NULL until the session commits; then the engine's commit counter
);

CREATE FUNCTION pgplay_race.record() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO pgplay_race.log (session, tbl, op, old_row, new_row)
    VALUES (current_setting('pgplay.session'), TG_RELID::regclass, TG_OP,
            CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
            CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
    RETURN NULL;
END $fn$;

-- The tables the engine keeps account of: those carrying the logging trigger.
CREATE FUNCTION pgplay_race.tracked() RETURNS SETOF regclass LANGUAGE sql STABLE AS $fn$
    SELECT tgrelid::regclass FROM pg_trigger WHERE tgname = 'pgplay_race_record' ORDER BY tgrelid
$fn$;

-- "col1 = (SELECT col1 FROM jsonb_populate_record(NULL::t, $1)) AND ...": the row whose primary
-- key equals the key in the jsonb row given as $1, compared in the columns' own types.
CREATE FUNCTION pgplay_race.key_match(t regclass) RETURNS text LANGUAGE sql STABLE AS $fn$
    SELECT string_agg(format('%I = (SELECT %I FROM jsonb_populate_record(NULL::%s, $1))', a.attname, a.attname, t),
                      ' AND ' ORDER BY a.attnum)
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = t AND i.indisprimary
$fn$;

-- A row's identity as the engine compares it: {"pkcol": value, ...} from a whole row as jsonb.
-- jsonb prints its keys in one order, so equal keys are equal texts.
CREATE FUNCTION pgplay_race.key_of(t regclass, r jsonb) RETURNS jsonb LANGUAGE sql STABLE AS $fn$
    SELECT jsonb_object_agg(a.attname, r -> a.attname::text)
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = t AND i.indisprimary
$fn$;

-- The same identity as an expression over the table's columns: jsonb_build_object('pkcol', pkcol).
CREATE FUNCTION pgplay_race.key_expr(t regclass) RETURNS text LANGUAGE sql STABLE AS $fn$
    SELECT 'jsonb_build_object(' || string_agg(format('%L, %I', a.attname, a.attname), ', ' ORDER BY a.attnum) || ')'
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = t AND i.indisprimary
$fn$;

-- The columns an undo may write back: not generated, not dropped.
CREATE FUNCTION pgplay_race.columns(t regclass) RETURNS text LANGUAGE sql STABLE AS $fn$
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)
    FROM pg_attribute WHERE attrelid = t AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
$fn$;

-- Puts back the row as it was before log entry `e` (undo), or as `e` left it (redo).
CREATE FUNCTION pgplay_race.apply_entry(e pgplay_race.log, forward boolean) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    cols text := pgplay_race.columns(e.tbl);
    gone jsonb := CASE WHEN forward THEN e.old_row ELSE e.new_row END;
    back jsonb := CASE WHEN forward THEN e.new_row ELSE e.old_row END;
BEGIN
    IF back IS NULL THEN
        EXECUTE format('DELETE FROM %s WHERE %s', e.tbl, pgplay_race.key_match(e.tbl)) USING gone;
    ELSIF gone IS NULL THEN
        EXECUTE format('INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM jsonb_populate_record(NULL::%s, $1)',
                       e.tbl, cols, cols, e.tbl) USING back;
    ELSE
        EXECUTE format('UPDATE %s SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::%s, $2)) WHERE %s',
                       e.tbl, cols, cols, e.tbl, pgplay_race.key_match(e.tbl)) USING gone, back;
    END IF;
END $fn$;

-- The writes one session must not see: the other sessions' uncommitted writes, and under
-- REPEATABLE READ or SERIALIZABLE the commits made after its snapshot (commit_seq > snap).
CREATE FUNCTION pgplay_race.hidden_from(who text, snap bigint) RETURNS SETOF pgplay_race.log LANGUAGE sql STABLE AS $fn$
    SELECT * FROM pgplay_race.log WHERE session <> who AND (commit_seq IS NULL OR commit_seq > snap)
$fn$;

-- Turns the database into what `who` sees (view) and back (unview). The engine calls view at
-- the start of a transaction and then either rolls it back or, after a write of `who`, calls
-- unview and commits. Neither is logged; logging is on again afterwards.
CREATE FUNCTION pgplay_race.view(who text, snap bigint) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    e pgplay_race.log;
BEGIN
    PERFORM set_config('session_replication_role', 'replica', true);
    FOR e IN SELECT * FROM pgplay_race.hidden_from(who, snap) ORDER BY seq DESC LOOP
        PERFORM pgplay_race.apply_entry(e, false);
    END LOOP;
    PERFORM set_config('session_replication_role', 'origin', true);
END $fn$;

CREATE FUNCTION pgplay_race.unview(who text, snap bigint) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    e pgplay_race.log;
BEGIN
    PERFORM set_config('session_replication_role', 'replica', true);
    FOR e IN SELECT * FROM pgplay_race.hidden_from(who, snap) ORDER BY seq LOOP
        PERFORM pgplay_race.apply_entry(e, true);
    END LOOP;
    PERFORM set_config('session_replication_role', 'origin', true);
END $fn$;

-- Rows locked by other sessions, hidden from a SKIP LOCKED read (deleted inside the
-- transaction that is rolled back). `rows`: [{"tbl": "jobs", "key": {"id": 1}}, ...].
CREATE FUNCTION pgplay_race.hide(rows jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    r jsonb;
BEGIN
    PERFORM set_config('session_replication_role', 'replica', true);
    FOR r IN SELECT * FROM jsonb_array_elements(rows) LOOP
        EXECUTE format('DELETE FROM %s WHERE %s', (r ->> 'tbl')::regclass, pgplay_race.key_match((r ->> 'tbl')::regclass))
            USING r -> 'key';
    END LOOP;
    PERFORM set_config('session_replication_role', 'origin', true);
END $fn$;

-- Marks where a statement of `who` starts: its writes are logged under its name, and
-- touched() reports what it did.
CREATE FUNCTION pgplay_race.begin_statement(who text) RETURNS void LANGUAGE sql AS $fn$
    SELECT set_config('pgplay.session', who, true),
           set_config('pgplay.mark', (SELECT coalesce(max(seq), 0) FROM pgplay_race.log)::text, true)
$fn$;

-- What the statement since begin_statement() did to rows: 'insert' (the new key), 'update'
-- (the key; 'update-key' when the key changed, then also an 'insert' of the new key), 'delete',
-- and 'lock' for rows it locked without writing (SELECT ... FOR UPDATE, a foreign key's check):
-- visible rows whose xmax is this transaction.
CREATE FUNCTION pgplay_race.touched() RETURNS TABLE (kind text, tbl text, key text) LANGUAGE plpgsql AS $fn$
DECLARE
    t regclass;
    me xid := pg_current_xact_id_if_assigned()::xid;
    mark bigint := current_setting('pgplay.mark')::bigint;
BEGIN
    RETURN QUERY
        SELECT w.kind, w.tbl, w.key FROM (
            SELECT l.seq, 0 AS part,
                   CASE l.op WHEN 'INSERT' THEN 'insert' WHEN 'DELETE' THEN 'delete'
                        ELSE CASE WHEN pgplay_race.key_of(l.tbl, l.old_row) = pgplay_race.key_of(l.tbl, l.new_row)
                                  THEN 'update' ELSE 'update-key' END END AS kind,
                   l.tbl::text AS tbl, pgplay_race.key_of(l.tbl, coalesce(l.old_row, l.new_row))::text AS key
            FROM pgplay_race.log l WHERE l.seq > mark
            UNION ALL
            SELECT l.seq, 1, 'insert', l.tbl::text, pgplay_race.key_of(l.tbl, l.new_row)::text
            FROM pgplay_race.log l
            WHERE l.seq > mark AND l.op = 'UPDATE' AND pgplay_race.key_of(l.tbl, l.old_row) <> pgplay_race.key_of(l.tbl, l.new_row)
        ) w ORDER BY w.seq, w.part;
    IF me IS NULL THEN
        RETURN;
    END IF;
    FOR t IN SELECT * FROM pgplay_race.tracked() LOOP
        RETURN QUERY EXECUTE format('SELECT %L::text, %L::text, (%s)::text FROM %s WHERE xmax = $1',
                                    'lock', t::text, pgplay_race.key_expr(t), t) USING me;
    END LOOP;
END $fn$;

-- The table locks this backend holds on the scenario's own tables (pg_locks), e.g.
-- accounts | RowExclusiveLock.
CREATE FUNCTION pgplay_race.relation_locks() RETURNS TABLE (tbl text, mode text) LANGUAGE sql AS $fn$
    SELECT DISTINCT c.oid::regclass::text, l.mode
    FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE l.locktype = 'relation' AND l.pid = pg_backend_pid() AND c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgplay_race') AND n.nspname NOT LIKE 'pg\_%'
    ORDER BY 1, 2
$fn$;

-- ROLLBACK, or an error that aborts the transaction: undo `who`'s uncommitted writes, newest
-- first, and forget them.
CREATE FUNCTION pgplay_race.undo_session(who text) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    e pgplay_race.log;
BEGIN
    PERFORM set_config('session_replication_role', 'replica', true);
    FOR e IN SELECT * FROM pgplay_race.log WHERE session = who AND commit_seq IS NULL ORDER BY seq DESC LOOP
        PERFORM pgplay_race.apply_entry(e, false);
    END LOOP;
    PERFORM set_config('session_replication_role', 'origin', true);
    DELETE FROM pgplay_race.log WHERE session = who AND commit_seq IS NULL;
END $fn$;

-- Every tracked table as it is now, for the lanes: its columns, and its rows as a json array
-- ordered by primary key.
CREATE FUNCTION pgplay_race.snapshot() RETURNS TABLE (tbl text, columns json, rows json) LANGUAGE plpgsql AS $fn$
DECLARE
    t regclass;
    cols json;
    keys text;
BEGIN
    FOR t IN SELECT * FROM pgplay_race.tracked() LOOP
        SELECT json_agg(attname ORDER BY attnum) INTO cols
        FROM pg_attribute WHERE attrelid = t AND attnum > 0 AND NOT attisdropped;
        SELECT string_agg(format('x.%I', a.attname), ', ' ORDER BY a.attnum) INTO keys
        FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = t AND i.indisprimary;
        RETURN QUERY EXECUTE format('SELECT %L::text, $1, coalesce(json_agg(x ORDER BY %s), ''[]''::json) FROM %s x',
                                    t::text, keys, t) USING cols;
    END LOOP;
END $fn$;

CREATE FUNCTION pgplay_race.commit_session(who text, n bigint) RETURNS void LANGUAGE sql AS $fn$
    UPDATE pgplay_race.log SET commit_seq = n WHERE session = who AND commit_seq IS NULL
$fn$;
)sql";
    return sql;
}

const std::string& raceTrackTablesSql() {
    static const std::string sql = R"sql(
DO $do$
DECLARE
    t regclass;
BEGIN
    FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pgplay_race')
               AND n.nspname NOT LIKE 'pg\_%'
    LOOP
        IF pgplay_race.key_match(t) IS NULL THEN
            RAISE EXCEPTION 'table % has no primary key', t
                USING HINT = 'A race scenario finds rows again by their primary key: give every table one.';
        END IF;
        EXECUTE format('CREATE TRIGGER pgplay_race_record AFTER INSERT OR UPDATE OR DELETE ON %s '
                       'FOR EACH ROW EXECUTE FUNCTION pgplay_race.record()', t);
    END LOOP;
END $do$;
)sql";
    return sql;
}

}  // namespace pgplay
