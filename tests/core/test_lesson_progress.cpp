// Lesson progress: the model, its JSON document (saved in browser storage, exported to a file),
// every way an imported file is refused, and no crash on anything a file can hold.
#include <catch2/catch.hpp>

#include <random>

#include <nlohmann/json.hpp>

#include "core/lesson_progress.h"

using namespace pgplay;
using nlohmann::json;

namespace {

LessonProgress sample() {
    LessonProgress p;
    p.markDone("joins", 0);
    p.markDone("joins", 1);
    p.setLastSql("joins", 1, "SELECT *\nFROM tasks t JOIN projects p ON p.id = t.project_id;");
    p.setLastSql("joins", 2, "SELECT 'not done yet, \"quoted\" ü';");
    p.markDone("tables-and-types", 9);
    p.setCurrent("joins", 2);
    return p;
}

// fromJson must fail, say why in a learner's words, and leave the progress as it was.
std::string rejected(const std::string& text) {
    LessonProgress p = sample();
    const LessonProgress before = p;
    std::string error;
    const bool ok = p.fromJson(text, error);
    CHECK_FALSE(ok);
    CHECK(p == before);
    CHECK_FALSE(error.empty());
    return error;
}

bool accepted(const std::string& text, LessonProgress& out) {
    std::string error;
    const bool ok = out.fromJson(text, error);
    INFO(error);
    CHECK(ok);
    CHECK(error.empty());
    return ok;
}

std::string withLessons(const std::string& lessons) {
    return R"({"format":"pgplay-progress","version":1,"current":null,"lessons":)" + lessons + "}";
}

}  // namespace

TEST_CASE("progress: the model", "[progress]") {
    LessonProgress p;
    CHECK(p.empty());
    CHECK_FALSE(p.current());
    CHECK_FALSE(p.isDone("joins", 0));
    CHECK(p.doneCount("joins") == 0);
    CHECK(p.lastSql("joins", 0) == nullptr);

    p.markDone("joins", 0);
    p.markDone("joins", 0);
    p.markDone("joins", 3);
    CHECK_FALSE(p.empty());
    CHECK(p.isDone("joins", 0));
    CHECK_FALSE(p.isDone("joins", 1));
    CHECK(p.isDone("joins", 3));
    CHECK(p.doneCount("joins") == 2);
    CHECK(p.doneCount("other") == 0);

    p.setLastSql("joins", 1, "SELECT 1;");
    REQUIRE(p.lastSql("joins", 1) != nullptr);
    CHECK(*p.lastSql("joins", 1) == "SELECT 1;");
    CHECK_FALSE(p.isDone("joins", 1));   // keeping SQL does not mark a step done
    CHECK(p.doneCount("joins") == 2);
    p.setLastSql("joins", 1, "");
    REQUIRE(p.lastSql("joins", 1) != nullptr);   // an emptied editor is kept as such
    CHECK(p.lastSql("joins", 1)->empty());

    p.setCurrent("joins", 1);
    REQUIRE(p.current());
    CHECK(p.current()->first == "joins");
    CHECK(p.current()->second == 1);

    p.clear();
    CHECK(p.empty());
    CHECK_FALSE(p.isDone("joins", 0));
    CHECK_FALSE(p.current());

    LessonProgress onlyCurrent;
    onlyCurrent.setCurrent("joins", 0);
    CHECK_FALSE(onlyCurrent.empty());
}

TEST_CASE("progress: setters keep the limits the reader checks", "[progress]") {
    LessonProgress p;
    p.markDone("", 0);
    p.markDone(std::string(201, 'x'), 0);
    p.markDone("joins", LessonProgress::kMaxSteps);
    p.setLastSql("joins", 0, std::string(LessonProgress::kMaxSqlBytes + 1, 'x'));
    p.setCurrent("", 0);
    p.setCurrent("joins", LessonProgress::kMaxSteps);
    CHECK(p.empty());

    p.markDone(std::string(200, 'x'), LessonProgress::kMaxSteps - 1);
    p.setLastSql("joins", 0, std::string(LessonProgress::kMaxSqlBytes, 'x'));
    LessonProgress back;
    REQUIRE(accepted(p.toJson(), back));
    CHECK(back == p);

    LessonProgress many;
    for (size_t i = 0; i < LessonProgress::kMaxLessons + 5; ++i) many.markDone("l" + std::to_string(i), 0);
    CHECK_FALSE(many.isDone("l" + std::to_string(LessonProgress::kMaxLessons), 0));
    CHECK(many.isDone("l" + std::to_string(LessonProgress::kMaxLessons - 1), 0));
    many.markDone("l0", 5);   // a lesson already kept still takes steps
    CHECK(many.isDone("l0", 5));
}

TEST_CASE("progress: the JSON document", "[progress]") {
    const LessonProgress p = sample();
    const std::string text = p.toJson();
    const json doc = json::parse(text, nullptr, false);
    REQUIRE(doc.is_object());
    CHECK(doc["format"] == "pgplay-progress");
    CHECK(doc["version"] == 1);
    CHECK(doc["current"] == json{{"lesson", "joins"}, {"step", 3}});
    CHECK(doc["lessons"]["joins"]["steps"]["1"] == json{{"done", true}});
    CHECK(doc["lessons"]["joins"]["steps"]["2"]["done"] == true);
    CHECK(doc["lessons"]["joins"]["steps"]["2"]["sql"] ==
          "SELECT *\nFROM tasks t JOIN projects p ON p.id = t.project_id;");
    CHECK(doc["lessons"]["joins"]["steps"]["3"]["done"] == false);
    CHECK(doc["lessons"]["tables-and-types"]["steps"]["10"]["done"] == true);
    // Pretty enough to diff: one key a line, format first, steps in numeric order.
    CHECK(text.rfind("{\n  \"format\": \"pgplay-progress\",\n  \"version\": 1,", 0) == 0);
    CHECK(text.find("\"10\"") != std::string::npos);

    LessonProgress empty;
    const json emptyDoc = json::parse(empty.toJson(), nullptr, false);
    CHECK(emptyDoc == json{{"format", "pgplay-progress"}, {"version", 1}, {"current", nullptr},
                           {"lessons", json::object()}});
}

TEST_CASE("progress: round trips", "[progress]") {
    const LessonProgress p = sample();
    LessonProgress back;
    back.markDone("something-else", 4);   // replaced, not merged
    REQUIRE(accepted(p.toJson(), back));
    CHECK(back == p);
    CHECK_FALSE(back.isDone("something-else", 4));
    CHECK(back.toJson() == p.toJson());

    LessonProgress empty;
    REQUIRE(accepted(LessonProgress().toJson(), back));
    CHECK(back.empty());

    SECTION("SQL that is not UTF-8 is saved, not thrown on") {
        LessonProgress bad;
        bad.setLastSql("joins", 0, std::string("SELECT '\xff\xfe';"));
        LessonProgress again;
        REQUIRE(accepted(bad.toJson(), again));
        REQUIRE(again.lastSql("joins", 0));
        CHECK(*again.lastSql("joins", 0) == "SELECT '\xEF\xBF\xBD\xEF\xBF\xBD';");
    }
}

TEST_CASE("progress: what a valid document may leave out or add", "[progress]") {
    LessonProgress p;
    SECTION("minimal") {
        REQUIRE(accepted(R"({"format":"pgplay-progress","version":1})", p));
        CHECK(p.empty());
    }
    SECTION("unknown keys everywhere are ignored") {
        REQUIRE(accepted(R"({"format":"pgplay-progress","version":1,"savedAt":"2024-06-01","app":{"v":2},
            "current":{"lesson":"joins","step":1,"scroll":12},
            "lessons":{"joins":{"title":"Joins","steps":{"1":{"done":true,"attempts":3,"sql":"SELECT 1"}}}}})",
                         p));
        CHECK(p.isDone("joins", 0));
        REQUIRE(p.lastSql("joins", 0));
        CHECK(*p.lastSql("joins", 0) == "SELECT 1");
        CHECK(p.current() == std::make_pair(std::string("joins"), size_t(0)));
    }
    SECTION("nulls and missing fields") {
        REQUIRE(accepted(withLessons(R"({"a":{},"b":{"steps":null},"c":{"steps":{"1":{}, "2":{"done":null,"sql":null}}},
            "d":{"steps":{"3":{"done":false,"sql":""}}}})"),
                         p));
        CHECK_FALSE(p.isDone("c", 0));
        CHECK(p.lastSql("c", 1) == nullptr);
        REQUIRE(p.lastSql("d", 2));
        CHECK(p.lastSql("d", 2)->empty());
        CHECK_FALSE(p.isDone("d", 2));
    }
    SECTION("the largest step and a 200-byte lesson id") {
        REQUIRE(accepted(withLessons(R"({")" + std::string(200, 'x') + R"(":{"steps":{"10000":{"done":true}}}})"), p));
        CHECK(p.isDone(std::string(200, 'x'), 9999));
    }
    SECTION("any non-empty string is a lesson id") {
        REQUIRE(accepted(withLessons(R"({"Ünïcødé lesson \"1\"":{"steps":{"1":{"done":true}}}})"), p));
        CHECK(p.isDone("Ünïcødé lesson \"1\"", 0));
    }
}

TEST_CASE("progress: every rejection", "[progress]") {
    const std::string notProgress = "This file is not pgplay progress: ";
    auto startsNotProgress = [&](const std::string& e) { return e.rfind(notProgress, 0) == 0; };

    SECTION("not JSON, or not an object") {
        CHECK(startsNotProgress(rejected("")));
        CHECK(rejected("") .find("not valid JSON") != std::string::npos);
        CHECK(startsNotProgress(rejected("{\"format\":")));
        CHECK(startsNotProgress(rejected("SELECT 1;")));
        CHECK(rejected("[]").find("object") != std::string::npos);
        CHECK(startsNotProgress(rejected("\"pgplay-progress\"")));
        CHECK(startsNotProgress(rejected("null")));
        CHECK(startsNotProgress(rejected("42")));
    }
    SECTION("format") {
        CHECK(rejected(R"({"version":1})").find("format") != std::string::npos);
        CHECK(startsNotProgress(rejected(R"({"format":"pgplay-lesson","version":1})")));
        CHECK(startsNotProgress(rejected(R"({"format":["pgplay-progress"],"version":1})")));
        // Other JSON a learner might pick by mistake: a query result.
        CHECK(startsNotProgress(rejected(R"({"ok":true,"results":[]})")));
    }
    SECTION("version") {
        CHECK(rejected(R"({"format":"pgplay-progress"})").find("version") != std::string::npos);
        CHECK(startsNotProgress(rejected(R"({"format":"pgplay-progress","version":"1"})")));
        CHECK(startsNotProgress(rejected(R"({"format":"pgplay-progress","version":1.5})")));
        CHECK(startsNotProgress(rejected(R"({"format":"pgplay-progress","version":0})")));
        CHECK(startsNotProgress(rejected(R"({"format":"pgplay-progress","version":-1})")));
        const std::string newer = rejected(R"({"format":"pgplay-progress","version":2})");
        CHECK(newer.find("newer") != std::string::npos);
        CHECK(newer.find("version 2") != std::string::npos);
        CHECK(rejected(R"({"format":"pgplay-progress","version":18446744073709551615})").find("newer") !=
              std::string::npos);
    }
    SECTION("current") {
        const std::string head = R"({"format":"pgplay-progress","version":1,"current":)";
        CHECK(rejected(head + "\"joins\"}").find("current") != std::string::npos);
        CHECK(startsNotProgress(rejected(head + "[]}")));
        CHECK(startsNotProgress(rejected(head + R"({"step":1}})")));
        CHECK(startsNotProgress(rejected(head + R"({"lesson":"","step":1}})")));
        CHECK(startsNotProgress(rejected(head + R"({"lesson":7,"step":1}})")));
        CHECK(startsNotProgress(rejected(head + R"({"lesson":")" + std::string(201, 'x') + R"(","step":1}})")));
        CHECK(startsNotProgress(rejected(head + R"({"lesson":"joins"}})")));
        CHECK(startsNotProgress(rejected(head + R"({"lesson":"joins","step":0}})")));
        CHECK(startsNotProgress(rejected(head + R"({"lesson":"joins","step":-3}})")));
        CHECK(startsNotProgress(rejected(head + R"({"lesson":"joins","step":2.5}})")));
        CHECK(startsNotProgress(rejected(head + R"({"lesson":"joins","step":2.0}})")));
        CHECK(startsNotProgress(rejected(head + R"({"lesson":"joins","step":"2"}})")));
        CHECK(startsNotProgress(rejected(head + R"({"lesson":"joins","step":10001}})")));
        CHECK(startsNotProgress(rejected(head + R"({"lesson":"joins","step":1e300}})")));
    }
    SECTION("lessons") {
        CHECK(rejected(withLessons("[]")).find("lessons") != std::string::npos);
        CHECK(startsNotProgress(rejected(withLessons("\"joins\""))));
        CHECK(rejected(withLessons(R"({"":{}})")).find("empty name") != std::string::npos);
        const std::string longId = rejected(withLessons(R"({")" + std::string(201, 'x') + R"(":{}})"));
        CHECK(longId.find("longer than 200") != std::string::npos);
        CHECK(longId.size() < 200);   // the name is shortened in the message
        CHECK(startsNotProgress(rejected(withLessons(R"({"joins":true})"))));
        CHECK(startsNotProgress(rejected(withLessons(R"({"joins":{"steps":[{"done":true}]}})"))));
        CHECK(startsNotProgress(rejected(withLessons(R"({"joins":{"steps":"1"}})"))));
    }
    SECTION("too many lessons") {
        std::string lessons = "{";
        for (size_t i = 0; i <= LessonProgress::kMaxLessons; ++i)
            lessons += (i ? ",\"l" : "\"l") + std::to_string(i) + "\":{}";
        lessons += "}";
        CHECK(rejected(withLessons(lessons)).find("more than 10000 lessons") != std::string::npos);
    }
    SECTION("step numbers") {
        for (const char* key : {"0", "-1", "01", "1.0", "1e2", "", " 1", "one", "10001", "99999999999999999999"}) {
            INFO(key);
            const std::string e = rejected(withLessons(std::string(R"({"joins":{"steps":{")") + key + R"(":{"done":true}}}})"));
            CHECK(e.find("numbered") != std::string::npos);
            CHECK(startsNotProgress(e));
        }
    }
    SECTION("step contents") {
        auto step = [](const std::string& body) { return withLessons(R"({"joins":{"steps":{"2":)" + body + "}}}"); };
        CHECK(rejected(step("true")).find("step 2 of lesson \"joins\"") != std::string::npos);
        CHECK(startsNotProgress(rejected(step("[]"))));
        CHECK(rejected(step(R"({"done":"yes"})")).find("done") != std::string::npos);
        CHECK(startsNotProgress(rejected(step(R"({"done":1})"))));
        CHECK(rejected(step(R"({"sql":42})")).find("sql") != std::string::npos);
        CHECK(startsNotProgress(rejected(step(R"({"sql":["SELECT 1"]})"))));
        const std::string big = "\"" + std::string(LessonProgress::kMaxSqlBytes + 1, 'x') + "\"";
        CHECK(rejected(step(R"({"sql":)" + big + "}")).find("1 MB") != std::string::npos);
    }
    SECTION("a bad lesson after good ones changes nothing") {
        const std::string e = rejected(withLessons(
            R"({"a":{"steps":{"1":{"done":true}}},"b":{"steps":{"1":{"done":true}}},"c":{"steps":{"0":{}}}})"));
        CHECK(e.find("\"c\"") != std::string::npos);
    }
}

TEST_CASE("progress: merge", "[progress]") {
    LessonProgress mine;
    mine.markDone("joins", 0);
    mine.setLastSql("joins", 0, "mine 0");
    mine.setLastSql("joins", 1, "mine 1");

    LessonProgress theirs;
    theirs.markDone("joins", 1);
    theirs.setLastSql("joins", 0, "theirs 0");
    theirs.setLastSql("joins", 2, "theirs 2");
    theirs.markDone("keys", 4);
    theirs.setCurrent("keys", 4);

    LessonProgress merged = mine;
    merged.merge(theirs);
    CHECK(merged.isDone("joins", 0));
    CHECK(merged.isDone("joins", 1));
    CHECK_FALSE(merged.isDone("joins", 2));
    CHECK(merged.isDone("keys", 4));
    CHECK(merged.doneCount("joins") == 2);
    CHECK(*merged.lastSql("joins", 0) == "mine 0");     // this side's SQL wins
    CHECK(*merged.lastSql("joins", 1) == "mine 1");
    CHECK(*merged.lastSql("joins", 2) == "theirs 2");   // taken where this has none
    CHECK(merged.current() == std::make_pair(std::string("keys"), size_t(4)));   // this had none

    SECTION("this side's current step stays") {
        LessonProgress withCurrent = mine;
        withCurrent.setCurrent("joins", 1);
        withCurrent.merge(theirs);
        CHECK(withCurrent.current() == std::make_pair(std::string("joins"), size_t(1)));
    }
    SECTION("merging is idempotent, and with itself or nothing a no-op") {
        LessonProgress twice = merged;
        twice.merge(theirs);
        CHECK(twice == merged);
        twice.merge(twice);
        CHECK(twice == merged);
        twice.merge(LessonProgress());
        CHECK(twice == merged);
    }
    SECTION("into nothing it copies") {
        LessonProgress none;
        none.merge(theirs);
        CHECK(none == theirs);
    }
    SECTION("an imported file, merged") {
        LessonProgress imported;
        REQUIRE(accepted(theirs.toJson(), imported));
        LessonProgress viaFile = mine;
        viaFile.merge(imported);
        CHECK(viaFile == merged);
    }
}

TEST_CASE("progress: garbage never crashes", "[progress][fuzz]") {
    const std::string valid = sample().toJson();
    SECTION("truncated at every length") {
        // Up to the closing brace: the document minus its final newline is still whole.
        for (size_t n = 0; n < valid.rfind('}'); ++n) {
            LessonProgress p = sample();
            std::string error;
            const std::string cut = valid.substr(0, n);
            // A prefix of an object is never a complete JSON document.
            CHECK_FALSE(p.fromJson(cut, error));
            CHECK_FALSE(error.empty());
        }
    }
    SECTION("random bytes, and single-byte corruptions of a valid document") {
        std::mt19937 rng(7);
        for (int round = 0; round < 2000; ++round) {
            std::string s(rng() % 300, '\0');
            for (char& c : s) c = static_cast<char>(rng() % 256);
            LessonProgress p;
            std::string error;
            if (!p.fromJson(s, error)) CHECK_FALSE(error.empty());
        }
        const std::string chars = "{}[]\":,0123456789-.etruflsn \\x";
        for (int round = 0; round < 5000; ++round) {
            std::string s = valid;
            for (int k = 0; k < 3; ++k) s[rng() % s.size()] = chars[rng() % chars.size()];
            LessonProgress p = sample();
            const LessonProgress before = p;
            std::string error;
            if (p.fromJson(s, error)) {
                // Whatever it accepted, it can write and read back.
                LessonProgress again;
                REQUIRE(again.fromJson(p.toJson(), error));
                CHECK(again == p);
            } else {
                CHECK(p == before);
                CHECK_FALSE(error.empty());
            }
        }
    }
    SECTION("deep nesting and huge input") {
        LessonProgress p;
        std::string error;
        CHECK_FALSE(p.fromJson(std::string(100000, '[') + std::string(100000, ']'), error));
        CHECK_FALSE(p.fromJson(std::string(100000, '['), error));
        CHECK_FALSE(p.fromJson(withLessons(R"({"a":{"steps":{"1":)" + std::string(50000, '[') + "}}}"), error));
        CHECK_FALSE(p.fromJson(std::string(65u << 20, ' '), error));
        CHECK(error.find("64 MB") != std::string::npos);
    }
}
