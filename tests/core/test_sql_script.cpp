// The lexer and splitter decide where statements end, so a mistake here runs the wrong SQL:
// these tests pin PostgreSQL's quoting rules one by one, then the splitter on whole scripts.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/sql_script.h"

using namespace pgplay;

namespace {

using Tok = std::pair<TokenKind, std::string>;

// Tokens without whitespace, as (kind, text) pairs, for readable expectations.
std::vector<Tok> toks(std::string_view sql) {
    std::vector<Tok> out;
    for (const Token& t : tokenizeSql(sql))
        if (t.kind != TokenKind::Whitespace) out.emplace_back(t.kind, std::string(sql.substr(t.offset, t.length)));
    return out;
}

// Every byte covered, in order, without gaps or overlaps, and no empty tokens.
bool covers(std::string_view sql) {
    size_t at = 0;
    for (const Token& t : tokenizeSql(sql)) {
        if (t.offset != at || t.length == 0) return false;
        at += t.length;
    }
    return at == sql.size();
}
void requireCovers(std::string_view sql) {
    INFO("text: " << std::string(sql));
    REQUIRE(covers(sql));
}

std::vector<std::string> texts(std::string_view script) {
    std::vector<std::string> out;
    for (const SqlStatement& s : splitSqlScript(script)) {
        // The contract error positions rely on: text sits at offset in the script.
        REQUIRE(script.substr(s.offset, s.text.size()) == s.text);
        out.push_back(s.text);
    }
    return out;
}

const TokenKind K = TokenKind::Keyword, I = TokenKind::Identifier, S = TokenKind::String,
                N = TokenKind::Number, C = TokenKind::Comment, O = TokenKind::Operator,
                P = TokenKind::Punctuation, Par = TokenKind::Parameter, U = TokenKind::Unterminated;

}  // namespace

TEST_CASE("keywords are case-insensitive and include type names") {
    for (const char* w : {"SELECT", "select", "SeLeCt", "from", "WHERE", "join", "returning", "atomic",
                          "integer", "text", "varchar", "timestamptz", "numeric", "jsonb", "uuid",
                          "boolean", "nowait", "skip", "locked", "generated", "identity", "ilike", "enum"})
        CHECK(isSqlKeyword(w));
    for (const char* w : {"users", "id", "selec", "selectx", "", "a", "\xc3\xa9t\xc3\xa9",
                          "averyveryverylongidentifierthatisnotakeywordatall_xyz"})
        CHECK_FALSE(isSqlKeyword(w));
}

TEST_CASE("simple statement tokens") {
    CHECK(toks("SELECT id, name FROM users WHERE id = 1;") ==
          std::vector<Tok>{{K, "SELECT"}, {I, "id"}, {P, ","}, {I, "name"}, {K, "FROM"}, {I, "users"},
                           {K, "WHERE"}, {I, "id"}, {O, "="}, {N, "1"}, {P, ";"}});
    CHECK(toks("a.b[1]:x") == std::vector<Tok>{{I, "a"}, {P, "."}, {I, "b"}, {P, "["}, {N, "1"},
                                                {P, "]"}, {P, ":"}, {I, "x"}});
}

TEST_CASE("whitespace runs are single tokens and every byte is covered") {
    const std::string sql = "  \t\r\n\f\vSELECT\n\n1";
    auto t = tokenizeSql(sql);
    REQUIRE(t.size() == 4);
    CHECK(t[0].kind == TokenKind::Whitespace);
    CHECK(t[0].length == 7);
    CHECK(t[2].kind == TokenKind::Whitespace);
    requireCovers(sql);
}

TEST_CASE("empty text has no tokens and no statements") {
    CHECK(tokenizeSql("").empty());
    CHECK(splitSqlScript("").empty());
    CHECK(splitSqlScript("   \n\t ").empty());
    CHECK(splitSqlScript(";;; ;\n;").empty());
}

TEST_CASE("standard strings: '' is a quote, backslash is literal") {
    CHECK(toks("'it''s'") == std::vector<Tok>{{S, "'it''s'"}});
    CHECK(toks("'a\\' , 'b'") == std::vector<Tok>{{S, "'a\\'"}, {P, ","}, {S, "'b'"}});
    CHECK(toks("''") == std::vector<Tok>{{S, "''"}});
    CHECK(toks("'''' x") == std::vector<Tok>{{S, "''''"}, {I, "x"}});
    CHECK(toks("'a;b' ; 'c'") == std::vector<Tok>{{S, "'a;b'"}, {P, ";"}, {S, "'c'"}});
    CHECK(toks("'multi\nline'") == std::vector<Tok>{{S, "'multi\nline'"}});
}

TEST_CASE("E strings: backslash escapes and ''") {
    CHECK(toks("E'\\''") == std::vector<Tok>{{S, "E'\\''"}});
    CHECK(toks("e'a\\\\' x") == std::vector<Tok>{{S, "e'a\\\\'"}, {I, "x"}});
    CHECK(toks("E'it''s\\n' ;") == std::vector<Tok>{{S, "E'it''s\\n'"}, {P, ";"}});
    CHECK(toks("E'\\'; DROP TABLE x; --'") == std::vector<Tok>{{S, "E'\\'; DROP TABLE x; --'"}});
    CHECK(toks("E'abc\\") == std::vector<Tok>{{U, "E'abc\\"}});
    // Without the prefix the backslash is literal and the string ends at the next quote.
    CHECK(toks("'\\' x") == std::vector<Tok>{{S, "'\\'"}, {I, "x"}});
}

TEST_CASE("prefixed strings B X N U&") {
    CHECK(toks("B'1010' X'fF' N'nat' U&'d\\0061t''a'") ==
          std::vector<Tok>{{S, "B'1010'"}, {S, "X'fF'"}, {S, "N'nat'"}, {S, "U&'d\\0061t''a'"}});
    CHECK(toks("U&\"d\\0061t\"") == std::vector<Tok>{{I, "U&\"d\\0061t\""}});
    // Bit strings have no escapes: B'10''01' is two strings.
    CHECK(toks("B'10''01'") == std::vector<Tok>{{S, "B'10'"}, {S, "'01'"}});
    // A prefix only counts right before the quote and at the start of a word.
    CHECK(toks("name'x'") == std::vector<Tok>{{I, "name"}, {S, "'x'"}});
    CHECK(toks("E 'x'") == std::vector<Tok>{{I, "E"}, {S, "'x'"}});
    CHECK(toks("u & 'x'") == std::vector<Tok>{{I, "u"}, {O, "&"}, {S, "'x'"}});
}

TEST_CASE("quoted identifiers") {
    CHECK(toks("\"My Table\"") == std::vector<Tok>{{I, "\"My Table\""}});
    CHECK(toks("\"a\"\"b\".\"select\"") == std::vector<Tok>{{I, "\"a\"\"b\""}, {P, "."}, {I, "\"select\""}});
    CHECK(toks("\"semi;colon\"") == std::vector<Tok>{{I, "\"semi;colon\""}});
    CHECK(toks("\"open") == std::vector<Tok>{{U, "\"open"}});
}

TEST_CASE("dollar quotes") {
    CHECK(toks("$$a;b$$") == std::vector<Tok>{{S, "$$a;b$$"}});
    CHECK(toks("$fn$ SELECT $1 $fn$") == std::vector<Tok>{{S, "$fn$ SELECT $1 $fn$"}});
    CHECK(toks("$a$ $b$ $$ $A$ $a$ x") == std::vector<Tok>{{S, "$a$ $b$ $$ $A$ $a$"}, {I, "x"}});
    CHECK(toks("$_x1$body$_x1$") == std::vector<Tok>{{S, "$_x1$body$_x1$"}});
    CHECK(toks("$$ it's \"quoted\" /* no */ -- nope\n$$") ==
          std::vector<Tok>{{S, "$$ it's \"quoted\" /* no */ -- nope\n$$"}});
    // Body holding text that looks like the closing tag with a prefix.
    CHECK(toks("$q$x$q1$y$q$") == std::vector<Tok>{{S, "$q$x$q1$y$q$"}});
    CHECK(toks("$$$$") == std::vector<Tok>{{S, "$$$$"}});
    CHECK(toks("$t$ never closed") == std::vector<Tok>{{U, "$t$ never closed"}});
    CHECK(toks("$$ open $ $") == std::vector<Tok>{{U, "$$ open $ $"}});
    // UTF-8 letters are allowed in tags.
    CHECK(toks("$\xc3\xa9$x$\xc3\xa9$") == std::vector<Tok>{{S, "$\xc3\xa9$x$\xc3\xa9$"}});
}

TEST_CASE("parameters and lone dollars are not dollar quotes") {
    CHECK(toks("$1 + $23") == std::vector<Tok>{{Par, "$1"}, {O, "+"}, {Par, "$23"}});
    CHECK(toks("$1$") == std::vector<Tok>{{Par, "$1"}, {O, "$"}});
    CHECK(toks("$ x") == std::vector<Tok>{{O, "$"}, {I, "x"}});
    CHECK(toks("$abc def$") == std::vector<Tok>{{O, "$"}, {I, "abc"}, {I, "def$"}});
    // '$' inside a word belongs to the word, so no dollar quote starts there.
    CHECK(toks("a$$b$$") == std::vector<Tok>{{I, "a$$b$$"}});
    CHECK(toks("$") == std::vector<Tok>{{O, "$"}});
}

TEST_CASE("comments") {
    CHECK(toks("SELECT 1 -- one; two\n;") ==
          std::vector<Tok>{{K, "SELECT"}, {N, "1"}, {C, "-- one; two"}, {P, ";"}});
    CHECK(toks("--") == std::vector<Tok>{{C, "--"}});
    CHECK(toks("-- a\r\nx") == std::vector<Tok>{{C, "-- a"}, {I, "x"}});
    CHECK(toks("/* a /* nested; */ still */ x") == std::vector<Tok>{{C, "/* a /* nested; */ still */"}, {I, "x"}});
    CHECK(toks("/**/") == std::vector<Tok>{{C, "/**/"}});
    CHECK(toks("/* a /* b */") == std::vector<Tok>{{U, "/* a /* b */"}});
    CHECK(toks("/* 'quote */ 'x'") == std::vector<Tok>{{C, "/* 'quote */"}, {S, "'x'"}});
    CHECK(toks("/*/ x */") == std::vector<Tok>{{C, "/*/ x */"}});
}

TEST_CASE("numbers") {
    CHECK(toks("42 3.14 .5 5. 1e10 1.5E-3 2e+7 0x1F 0o17 0b101 1_000_000 0X_ff") ==
          std::vector<Tok>{{N, "42"}, {N, "3.14"}, {N, ".5"}, {N, "5."}, {N, "1e10"}, {N, "1.5E-3"},
                           {N, "2e+7"}, {N, "0x1F"}, {N, "0o17"}, {N, "0b101"}, {N, "1_000_000"}, {N, "0X_ff"}});
    CHECK(toks("1..10") == std::vector<Tok>{{N, "1"}, {P, "."}, {N, ".10"}});   // as PostgreSQL reads it
    CHECK(toks("1e") == std::vector<Tok>{{N, "1"}, {I, "e"}});
    CHECK(toks("1e+") == std::vector<Tok>{{N, "1"}, {I, "e"}, {O, "+"}});
    CHECK(toks("1_") == std::vector<Tok>{{N, "1"}, {I, "_"}});
    CHECK(toks("0x") == std::vector<Tok>{{N, "0"}, {I, "x"}});
    CHECK(toks("0b2") == std::vector<Tok>{{N, "0"}, {I, "b2"}});
    CHECK(toks("t.col") == std::vector<Tok>{{I, "t"}, {P, "."}, {I, "col"}});
}

TEST_CASE("operators") {
    CHECK(toks("a::int") == std::vector<Tok>{{I, "a"}, {O, "::"}, {K, "int"}});
    CHECK(toks("x := 1") == std::vector<Tok>{{I, "x"}, {O, ":="}, {N, "1"}});
    CHECK(toks("a <> b != c >= d <= e || f") ==
          std::vector<Tok>{{I, "a"}, {O, "<>"}, {I, "b"}, {O, "!="}, {I, "c"}, {O, ">="}, {I, "d"},
                           {O, "<="}, {I, "e"}, {O, "||"}, {I, "f"}});
    CHECK(toks("j->>'k' @> '{}' #>> '{a}'") ==
          std::vector<Tok>{{I, "j"}, {O, "->>"}, {S, "'k'"}, {O, "@>"}, {S, "'{}'"}, {O, "#>>"}, {S, "'{a}'"}});
    // PostgreSQL's rule: a trailing + or - is split off unless the operator has ~!@#%^&|`?
    CHECK(toks("x=-1") == std::vector<Tok>{{I, "x"}, {O, "="}, {O, "-"}, {N, "1"}});
    CHECK(toks("x*-+1") == std::vector<Tok>{{I, "x"}, {O, "*"}, {O, "-"}, {O, "+"}, {N, "1"}});
    CHECK(toks("x@-1") == std::vector<Tok>{{I, "x"}, {O, "@-"}, {N, "1"}});
    // A comment start ends an operator.
    CHECK(toks("a+--c") == std::vector<Tok>{{I, "a"}, {O, "+"}, {C, "--c"}});
    CHECK(toks("a*/*c*/b") == std::vector<Tok>{{I, "a"}, {O, "*"}, {C, "/*c*/"}, {I, "b"}});
    CHECK(toks("? ` %") == std::vector<Tok>{{O, "?"}, {O, "`"}, {O, "%"}});
    CHECK(toks("{}\\") == std::vector<Tok>{{O, "{"}, {O, "}"}, {O, "\\"}});
}

TEST_CASE("unterminated quote runs to the end as one token") {
    auto t = tokenizeSql("SELECT 'abc; SELECT 2;");
    REQUIRE(t.size() == 3);
    CHECK(t[2].kind == TokenKind::Unterminated);
    CHECK(t[2].offset == 7);
    CHECK(t[2].length == 15);
}

TEST_CASE("NUL bytes and invalid UTF-8 are covered byte by byte") {
    const std::string withNul("SELECT '\0' , \0 x", 16);
    requireCovers(withNul);
    auto t = toks(withNul);
    CHECK(t[1] == Tok{S, std::string("'\0'", 3)});
    CHECK(t[3] == Tok{O, std::string("\0", 1)});
    CHECK(findNulByte(withNul) == 8);
    CHECK(findNulByte("SELECT 1") == std::string_view::npos);
    CHECK(findNulByte("") == std::string_view::npos);

    const std::string bad = "SELECT \xff\xfe, '\xc3' , \x80\x80 \xe2\x82";
    requireCovers(bad);
    CHECK(toks(bad)[1] == Tok{I, "\xff\xfe"});
    CHECK(toks("caf\xc3\xa9 ") == std::vector<Tok>{{I, "caf\xc3\xa9"}});
}

TEST_CASE("the lexer covers every byte of arbitrary input") {
    // Every short sequence over an alphabet of the characters the lexer treats specially.
    const std::string alphabet = "'\"$-/*eE&U1_.;:(\\\n ";
    std::string s;
    for (char a : alphabet)
        for (char b : alphabet)
            for (char c : alphabet)
                for (char d : alphabet) {
                    s = {a, b, c, d};
                    if (!covers(s)) FAIL("not covered: " << s);
                }
    // And pseudo-random bytes.
    unsigned x = 12345;
    for (int n = 0; n < 200; ++n) {
        s.clear();
        for (int k = 0; k < 64; ++k) {
            x = x * 1103515245u + 12345u;
            s += static_cast<char>((x >> 16) & 0xff);
        }
        requireCovers(s);
        for (const SqlStatement& st : splitSqlScript(s)) REQUIRE(s.substr(st.offset, st.text.size()) == st.text);
    }
}

TEST_CASE("splitting at top-level semicolons") {
    CHECK(texts("SELECT 1; SELECT 2;\nSELECT 3") == std::vector<std::string>{"SELECT 1", "SELECT 2", "SELECT 3"});
    CHECK(texts("SELECT ';'; SELECT \";\"; SELECT $$;$$; SELECT E'\\';'") ==
          std::vector<std::string>{"SELECT ';'", "SELECT \";\"", "SELECT $$;$$", "SELECT E'\\';'"});
    CHECK(texts("SELECT (1;2); SELECT 3") == std::vector<std::string>{"SELECT (1;2)", "SELECT 3"});
    CHECK(texts("SELECT 1 /* ; */; SELECT 2 -- ;\n") == std::vector<std::string>{"SELECT 1 /* ; */", "SELECT 2 -- ;"});
    CHECK(texts("  SELECT 1  \n ;  \n\n") == std::vector<std::string>{"SELECT 1"});
    // Unbalanced closing parentheses do not stop later splits.
    CHECK(texts("SELECT 1); SELECT 2") == std::vector<std::string>{"SELECT 1)", "SELECT 2"});
}

TEST_CASE("offsets point at the statement in the script") {
    const std::string script = "\n  SELECT 1;\n\n\tSELECT 'é';";
    auto st = splitSqlScript(script);
    REQUIRE(st.size() == 2);
    CHECK(st[0].offset == 3);
    CHECK(st[0].text == "SELECT 1");
    CHECK(st[1].offset == 15);
    CHECK(st[1].text == "SELECT 'é'");
}

TEST_CASE("comment handling between statements") {
    // Comment-only pieces are dropped.
    CHECK(texts("-- just a comment\n/* and another */").empty());
    CHECK(texts("SELECT 1; -- trailing\n; /* x */ ;") == std::vector<std::string>{"SELECT 1"});
    // A comment before a statement is part of it...
    CHECK(texts("-- make it\nCREATE TABLE t (a int);") == std::vector<std::string>{"-- make it\nCREATE TABLE t (a int)"});
    CHECK(texts("SELECT 1;\n/* two */ SELECT 2;") == std::vector<std::string>{"SELECT 1", "/* two */ SELECT 2"});
    // ...but one on the same line after the previous ';' belongs to that statement.
    CHECK(texts("SELECT 1; -- one\nSELECT 2; /* two */\n-- three\nSELECT 3") ==
          std::vector<std::string>{"SELECT 1", "SELECT 2", "-- three\nSELECT 3"});
    auto st = splitSqlScript("SELECT 1; /* c */ SELECT 2");
    REQUIRE(st.size() == 2);
    CHECK(st[1].offset == 18);
}

TEST_CASE("unterminated text stays in the last statement") {
    CHECK(texts("SELECT 1; SELECT 'oops; SELECT 2;") == std::vector<std::string>{"SELECT 1", "SELECT 'oops; SELECT 2;"});
    CHECK(texts("SELECT 1; /* open; SELECT 2;") == std::vector<std::string>{"SELECT 1", "/* open; SELECT 2;"});
    CHECK(texts("SELECT $x$ ;") == std::vector<std::string>{"SELECT $x$ ;"});
}

TEST_CASE("dollar-quoted function bodies do not split") {
    const std::string script =
        "CREATE FUNCTION add(a int, b int) RETURNS int AS $fn$\n"
        "BEGIN\n  RETURN a + b; -- $1 is not used\nEND;\n$fn$ LANGUAGE plpgsql;\n"
        "SELECT add(1, 2);";
    auto t = texts(script);
    REQUIRE(t.size() == 2);
    CHECK(t[0].rfind("CREATE FUNCTION", 0) == 0);
    CHECK(t[0].find("LANGUAGE plpgsql") != std::string::npos);
    CHECK(t[1] == "SELECT add(1, 2)");
}

TEST_CASE("BEGIN ATOMIC bodies do not split") {
    const std::string fn =
        "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql\n"
        "BEGIN ATOMIC\n"
        "  INSERT INTO log VALUES (x);\n"
        "  SELECT CASE WHEN x > 0 THEN 1 ELSE CASE WHEN x < 0 THEN -1 ELSE 0 END END;\n"
        "END";
    CHECK(texts(fn + ";\nSELECT f(1);") == std::vector<std::string>{fn, "SELECT f(1)"});

    const std::string proc =
        "create or replace procedure p() language sql begin atomic insert into t values (1); "
        "update t set a = (case when a = 1 then 2 end); end";
    CHECK(texts(proc + "; CALL p();") == std::vector<std::string>{proc, "CALL p()"});

    // Transaction BEGIN is a statement of its own, and END closes it like COMMIT.
    CHECK(texts("BEGIN; INSERT INTO t VALUES (1); END; SELECT 1") ==
          std::vector<std::string>{"BEGIN", "INSERT INTO t VALUES (1)", "END", "SELECT 1"});
    CHECK(texts("BEGIN ATOMIC; SELECT 1") == std::vector<std::string>{"BEGIN ATOMIC", "SELECT 1"});
    // CASE ... END outside a routine body does not affect splitting.
    CHECK(texts("SELECT CASE WHEN true THEN 1 END; SELECT 2") ==
          std::vector<std::string>{"SELECT CASE WHEN true THEN 1 END", "SELECT 2"});
    // Not a routine: CREATE TABLE with a column named begin.
    CHECK(texts("CREATE TABLE \"x\" (\"begin\" int); SELECT 1") ==
          std::vector<std::string>{"CREATE TABLE \"x\" (\"begin\" int)", "SELECT 1"});
    // A plpgsql body in $$ has BEGIN/END but they are inside a string.
    CHECK(texts("CREATE PROCEDURE q() AS $$ BEGIN NULL; END $$ LANGUAGE plpgsql; SELECT 1").size() == 2);
}

TEST_CASE("200 statements") {
    std::string script;
    for (int i = 0; i < 200; ++i) script += "INSERT INTO t VALUES (" + std::to_string(i) + ", 'a;b');\n";
    auto st = splitSqlScript(script);
    REQUIRE(st.size() == 200);
    for (int i = 0; i < 200; ++i) {
        CHECK(st[i].text == "INSERT INTO t VALUES (" + std::to_string(i) + ", 'a;b')");
        CHECK(script.compare(st[i].offset, st[i].text.size(), st[i].text) == 0);
    }
}

TEST_CASE("1 MB script tokenizes and splits quickly") {
    std::string script;
    const std::string chunk =
        "INSERT INTO orders (id, note, total) VALUES (1, 'it''s; fine', 12.50) RETURNING id; "
        "-- comment ; here\nSELECT $$body;$$, E'\\n', \"Col\"::text FROM t /* c */ WHERE a <> b;\n";
    while (script.size() < (1u << 20)) script += chunk;
    const auto start = std::chrono::steady_clock::now();
    const auto tokens = tokenizeSql(script);
    const auto statements = splitSqlScript(script);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    CHECK(tokens.size() > 100000);
    CHECK(statements.size() == 2 * (script.size() / chunk.size()));
    CHECK(ms < 1000);   // typically a few tens of ms even unoptimised
    WARN("tokenize+split of " << script.size() << " bytes: " << ms << " ms");

    // Pathological: one huge unterminated dollar quote and a deep comment stay linear.
    std::string open = "$a$" + std::string(1 << 20, 'x');
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "/*";
    const auto start2 = std::chrono::steady_clock::now();
    CHECK(tokenizeSql(open).size() == 1);
    CHECK(tokenizeSql(deep).size() == 1);
    CHECK(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start2).count() < 1000);
}

TEST_CASE("UTF-8 character counts and offsets") {
    const std::string s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";   // a é € 😀 z
    CHECK(utf8CharCount(s, 0) == 0);
    CHECK(utf8CharCount(s, 1) == 1);
    CHECK(utf8CharCount(s, 3) == 2);
    CHECK(utf8CharCount(s, 6) == 3);
    CHECK(utf8CharCount(s, 10) == 4);
    CHECK(utf8CharCount(s, s.size()) == 5);
    CHECK(utf8CharCount(s, 1000) == 5);
    CHECK(utf8CharCount(s, 2) == 2);   // inside é: its lead byte already counted

    CHECK(utf8ByteOffset(s, 0) == 0);
    CHECK(utf8ByteOffset(s, 1) == 1);
    CHECK(utf8ByteOffset(s, 2) == 3);
    CHECK(utf8ByteOffset(s, 3) == 6);
    CHECK(utf8ByteOffset(s, 4) == 10);
    CHECK(utf8ByteOffset(s, 5) == s.size());
    CHECK(utf8ByteOffset(s, 99) == s.size());
    for (size_t c = 0; c <= 5; ++c) CHECK(utf8CharCount(s, utf8ByteOffset(s, c)) == c);

    CHECK(utf8CharCount("", 5) == 0);
    CHECK(utf8ByteOffset("", 0) == 0);
    // Invalid UTF-8: stray continuation bytes count for nothing, other bytes as one each.
    const std::string bad = "\xff\x80\x80x";
    CHECK(utf8CharCount(bad, bad.size()) == 2);
    CHECK(utf8ByteOffset(bad, 1) == 3);
}

TEST_CASE("mapping a PostgreSQL error position back to the script") {
    // PostgreSQL reports 1-based character positions inside the statement it received; the
    // script position is the statement's offset plus that many characters.
    const std::string script = "SELECT 'ü';\n-- next\nSELECT nope FROM t;";
    auto st = splitSqlScript(script);
    REQUIRE(st.size() == 2);
    const int pgPosition = 16;   // "nope" in "-- next\nSELECT nope FROM t"
    const size_t byte = st[1].offset + utf8ByteOffset(st[1].text, pgPosition - 1);
    CHECK(script.substr(byte, 4) == "nope");
    // ...and its 1-based character position in the whole script (ü is one character, two bytes).
    CHECK(utf8CharCount(script, byte) + 1 == 28);
}

TEST_CASE("COPY ... FROM STDIN: the lines up to \\. are its data, as psql and pg_dump have it", "[copy]") {
    const std::string dump =
        "CREATE TABLE t (a int, b text);\n"
        "COPY public.t (a, b) FROM stdin;\n"
        "1\tit's -- not a comment; nor a ' quote\n"
        "2\t\\N\n"
        "\\.\n"
        "SELECT count(*) FROM t;\n";
    const std::vector<SqlStatement> s = splitSqlScript(dump);
    REQUIRE(s.size() == 3);
    CHECK(s[1].text == "COPY public.t (a, b) FROM stdin");
    REQUIRE(s[1].copyData);
    CHECK(*s[1].copyData == "1\tit's -- not a comment; nor a ' quote\n2\t\\N\n");
    CHECK(s[2].text == "SELECT count(*) FROM t");
    CHECK(dump.substr(s[2].offset, s[2].text.size()) == s[2].text);
    CHECK_FALSE(s[0].copyData);
    CHECK_FALSE(s[2].copyData);

    SECTION("Windows line ends, options, no data lines at all, and a second COPY") {
        const auto r = splitSqlScript("copy t from STDIN with (format csv);\r\n1,x\r\n\\.\r\nCOPY t FROM stdin;\n\\.\nSELECT 1");
        REQUIRE(r.size() == 3);
        CHECK(*r[0].copyData == "1,x\r\n");
        CHECK(*r[1].copyData == "");   // an empty COPY: valid, loads nothing
        CHECK(r[2].text == "SELECT 1");
    }
    SECTION("data up to the end of the script when \\. is missing, the last line completed") {
        const auto r = splitSqlScript("COPY t FROM stdin;\n1\ta\n2\tb");
        REQUIRE(r.size() == 1);
        CHECK(*r[0].copyData == "1\ta\n2\tb\n");
    }
    SECTION("a COPY FROM STDIN on the script's last line has no data") {
        CHECK_FALSE(splitSqlScript("COPY t FROM stdin;")[0].copyData);
        CHECK_FALSE(splitSqlScript("COPY t FROM stdin")[0].copyData);
    }
    SECTION("other COPYs, and the words in other places, are plain SQL") {
        for (const char* sql : {"COPY t TO STDOUT;\n1\n", "COPY (SELECT 'from stdin') TO STDOUT;\nSELECT 2;",
                                "SELECT 'COPY t FROM stdin';\nSELECT 2;", "-- COPY t FROM stdin;\nSELECT 2;"}) {
            INFO(sql);
            for (const SqlStatement& st : splitSqlScript(sql)) CHECK_FALSE(st.copyData);
        }
        CHECK(texts("COPY t TO STDOUT;\nSELECT 2;") == std::vector<std::string>{"COPY t TO STDOUT", "SELECT 2"});
    }
}
