// Statements the formatter is tried on: the native tests check that only whitespace and keyword
// case change, and the real-server tests that each returns the same rows formatted. They use
// only the tables of kFormatCorpusSetup.
#pragma once

namespace pgtest {

inline constexpr const char* kFormatCorpusSetup =
    "CREATE TEMP TABLE fmt_users (id int PRIMARY KEY, name text, email text);\n"
    "CREATE TEMP TABLE fmt_orders (id int, user_id int, total numeric, placed date);\n"
    "INSERT INTO fmt_users VALUES (1, 'ann', 'a@x'), (2, 'bo', NULL), (3, 'cy', 'c@x');\n"
    "INSERT INTO fmt_orders VALUES (1, 1, 10, '2026-01-01'), (2, 1, 5.5, '2026-02-01'), (3, 3, 7, NULL);\n";

inline constexpr const char* kFormatCorpus[] = {
    "select id,name from fmt_users order by id",
    "SELECT u.name, count(o.id) AS n FROM fmt_users u LEFT JOIN fmt_orders o ON o.user_id = u.id GROUP BY u.name HAVING count(o.id) >= 0 ORDER BY 1",
    "select * from fmt_users where id in (select user_id from fmt_orders where total > 6) order by id",
    "with big as (select * from fmt_orders where total>5) select count(*) from big",
    "with recursive n(i) as (values (1) union all select i+1 from n where i<5) select sum(i) from n",
    "select name, rank() over (partition by email is null order by id desc) from fmt_users order by id",
    "select 1 union all select 2 union select 3 order by 1",
    "select a-1 as a, -a as b, a--1\nfrom (select 5 as a) s",
    "select 'it''s', E'tab\\there', $$dollar ; quoted$$, $q$FROM where$q$, \"id\" from fmt_users where id = 1",
    "select coalesce(email, 'none'), nullif(name, 'bo'), greatest(1, 2), extract(year from placed) from fmt_users, fmt_orders where fmt_users.id = fmt_orders.user_id order by fmt_orders.id",
    "select id from fmt_users except select user_id from fmt_orders order by 1",
    "select distinct user_id from fmt_orders where user_id is not null order by user_id limit 1 offset 1",
    "select array[1,2,3]::int[], '{\"a\": 1}'::jsonb -> 'a', 2::numeric / 3",
    "select case when total > 6 then 'big' else 'small' end from fmt_orders order by id",
    "select u.id from fmt_users u cross join lateral (select count(*) c from fmt_orders o where o.user_id = u.id) s where s.c > 0 order by 1",
    "select substring('hello' from 2 for 3), position('l' in 'hello'), trim(both 'x' from 'xhix')",
    "select id /* inline comment */ from fmt_users -- trailing\nwhere id < 3 order by id",
    "select exists (select 1 from fmt_orders), not exists(select 1 from fmt_users where id = 9)",
    "select percentile_cont(0.5) within group (order by total) from fmt_orders",
    "select count(*) filter (where total > 6) from fmt_orders",
    "values (1, 'a'), (2, 'b') order by 1",
    "select * from fmt_users natural join (select 1 as id) one",
    "select * from fmt_users u full outer join fmt_orders o on o.user_id = u.id order by u.id, o.id",
    "select x from generate_series(1, 3) as g(x) where x between 1 and 2",
};

}  // namespace pgtest
