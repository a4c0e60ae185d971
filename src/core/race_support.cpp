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
    committed boolean NOT NULL DEFAULT false
);

CREATE FUNCTION pgplay_race.record() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO pgplay_race.log (session, tbl, op, old_row, new_row)
    VALUES (current_setting('pgplay.session'), TG_RELID::regclass, TG_OP,
            CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
            CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
    RETURN NULL;
END $fn$;

-- "col1 = (SELECT col1 FROM jsonb_populate_record(NULL::t, $1)) AND ...": the row whose primary
-- key equals the key in the jsonb row given as $1, compared in the columns' own types.
CREATE FUNCTION pgplay_race.key_match(t regclass) RETURNS text LANGUAGE sql STABLE AS $fn$
    SELECT string_agg(format('%I = (SELECT %I FROM jsonb_populate_record(NULL::%s, $1))', a.attname, a.attname, t),
                      ' AND ' ORDER BY a.attnum)
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = t AND i.indisprimary
$fn$;

-- The columns an undo may write back: not generated, not dropped.
CREATE FUNCTION pgplay_race.columns(t regclass) RETURNS text LANGUAGE sql STABLE AS $fn$
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)
    FROM pg_attribute WHERE attrelid = t AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
$fn$;

-- Puts back the row as it was before log entry `e`.
CREATE FUNCTION pgplay_race.undo_entry(e pgplay_race.log) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    cols text := pgplay_race.columns(e.tbl);
BEGIN
    IF e.op = 'INSERT' THEN
        EXECUTE format('DELETE FROM %s WHERE %s', e.tbl, pgplay_race.key_match(e.tbl)) USING e.new_row;
    ELSIF e.op = 'DELETE' THEN
        EXECUTE format('INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM jsonb_populate_record(NULL::%s, $1)',
                       e.tbl, cols, cols, e.tbl) USING e.old_row;
    ELSE
        EXECUTE format('UPDATE %s SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::%s, $2)) WHERE %s',
                       e.tbl, cols, cols, e.tbl, pgplay_race.key_match(e.tbl)) USING e.new_row, e.old_row;
    END IF;
END $fn$;

-- Puts back, newest first, the uncommitted writes of `who` (others = false) or of every session
-- but `who` (others = true). The undo itself is not logged; the logging is on again afterwards,
-- so a statement run next in the same transaction is logged as usual.
CREATE FUNCTION pgplay_race.undo(who text, others boolean) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
    e pgplay_race.log;
    role text := current_setting('session_replication_role');
BEGIN
    PERFORM set_config('session_replication_role', 'replica', true);
    FOR e IN SELECT * FROM pgplay_race.log WHERE (session <> who) = others AND NOT committed ORDER BY seq DESC LOOP
        PERFORM pgplay_race.undo_entry(e);
    END LOOP;
    PERFORM set_config('session_replication_role', role, true);
END $fn$;

CREATE FUNCTION pgplay_race.undo_others(keep text) RETURNS void LANGUAGE sql AS $fn$
    SELECT pgplay_race.undo(keep, true)
$fn$;

CREATE FUNCTION pgplay_race.undo_session(who text) RETURNS void LANGUAGE sql AS $fn$
    SELECT pgplay_race.undo(who, false);
    DELETE FROM pgplay_race.log WHERE session = who AND NOT committed;
$fn$;

CREATE FUNCTION pgplay_race.commit_session(who text) RETURNS void LANGUAGE sql AS $fn$
    UPDATE pgplay_race.log SET committed = true WHERE session = who AND NOT committed
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
