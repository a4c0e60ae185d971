// The formatter: what it makes of typical statements, and, over a corpus, that it only ever
// changes whitespace and keyword case (tests/pg runs the same corpus on a real server and
// compares the results).
#include <catch2/catch.hpp>

#include <cctype>

#include "core/sql_format.h"
#include "core/sql_script.h"
#include "sql_format_corpus.h"

using namespace pgplay;

namespace {

// The significant tokens, keywords folded to lower case: what PostgreSQL reads.
std::vector<std::string> meaning(std::string_view sql) {
    std::vector<std::string> out;
    for (const Token& t : tokenizeSql(sql)) {
        if (t.kind == TokenKind::Whitespace) continue;
        std::string s(sql.substr(t.offset, t.length));
        if (t.kind == TokenKind::Keyword)
            for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.push_back(s);
    }
    return out;
}

}  // namespace

TEST_CASE("Formatting puts clauses on their own lines and keywords in upper case", "[format]") {
    CHECK(formatSqlStatement("select id, email from users where id = 1 order by email limit 5") ==
          "SELECT id, email\nFROM users\nWHERE id = 1\nORDER BY email\nLIMIT 5");
    CHECK(formatSqlStatement("select u.name,count(o.id) from users u left join orders o on o.user_id=u.id group by u.name having count(*)>1") ==
          "SELECT u.name, count(o.id)\nFROM users u\nLEFT JOIN orders o ON o.user_id=u.id\nGROUP BY u.name\nHAVING count(*)>1");
    CHECK(formatSqlStatement("select * from t where id in (select id from u where x)") ==
          "SELECT *\nFROM t\nWHERE id IN (\n  SELECT id\n  FROM u\n  WHERE x\n)");
    CHECK(formatSqlStatement("create table t (id int primary key, note text not null default '')") ==
          "CREATE TABLE t (\n  id INT PRIMARY KEY,\n  note TEXT NOT NULL DEFAULT ''\n)");
    CHECK(formatSqlStatement("update accounts set balance = balance - 10 where id = 1 returning balance") ==
          "UPDATE accounts\nSET balance = balance - 10\nWHERE id = 1\nRETURNING balance");
    CHECK(formatSqlStatement("insert into t (a, b) values (1, 'x') on conflict (a) do nothing") ==
          "INSERT INTO t (a, b)\nVALUES (1, 'x')\nON CONFLICT (a) DO NOTHING");
    // Window clauses stay inline; a line comment keeps its line end.
    CHECK(formatSqlStatement("select rank() over (partition by a order by b) -- rank\nfrom t") ==
          "SELECT rank() OVER (PARTITION BY a ORDER BY b) -- rank\nFROM t");
    CHECK(formatSqlStatement("select 1 union all select 2") == "SELECT 1\nUNION ALL\nSELECT 2");
}

TEST_CASE("Formatting a script keeps what lies between statements, COPY data and meta-commands", "[format]") {
    const std::string script = "select 1; -- first\n\nselect * from t;\nCOPY t FROM stdin;\n1\n\\.\n\\dt\n";
    CHECK(formatSqlScript(script) == "SELECT 1; -- first\n\nSELECT *\nFROM t;\nCOPY t FROM stdin;\n1\n\\.\n\\dt\n");
    CHECK(formatSqlScript("") == "");
    CHECK(formatSqlScript("select 'unterminated") == "SELECT 'unterminated");
}

TEST_CASE("Formatting changes only whitespace and keyword case, and twice is once", "[format]") {
    for (const char* sql : pgtest::kFormatCorpus) {
        INFO(sql);
        const std::string once = formatSqlStatement(sql);
        CHECK(meaning(once) == meaning(sql));
        CHECK(formatSqlStatement(once) == once);
        CHECK(splitSqlScript(once).size() == 1);
    }
}
