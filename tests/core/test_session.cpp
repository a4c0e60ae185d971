#include <catch2/catch.hpp>

#include <string>

#include "core/session.h"

using namespace pgplay;

namespace {
HistoryEntry entry(std::string sql, bool ok = true, std::string summary = "SELECT 1") {
    HistoryEntry e;
    e.sql = std::move(sql);
    e.ok = ok;
    e.ms = 1.5;
    e.summary = std::move(summary);
    return e;
}
}  // namespace

TEST_CASE("history starts empty and keeps runs oldest first") {
    SessionHistory h;
    CHECK(h.empty());
    h.add(entry("SELECT 1"));
    h.add(entry("SELECT 2"));
    h.add(entry("SELECT 3"));
    REQUIRE(h.entries().size() == 3);
    CHECK(h.entries()[0].sql == "SELECT 1");
    CHECK(h.entries()[2].sql == "SELECT 3");
    CHECK_FALSE(h.empty());
}

TEST_CASE("re-running the newest script replaces its entry") {
    SessionHistory h;
    h.add(entry("SELECT * FROM nope", false, "ERROR 42P01"));
    h.add(entry("SELECT * FROM nope", true, "SELECT 0"));
    REQUIRE(h.entries().size() == 1);
    CHECK(h.entries()[0].ok);
    CHECK(h.entries()[0].summary == "SELECT 0");
    // Only the newest entry is compared: an older duplicate is a new entry.
    h.add(entry("SELECT 2"));
    h.add(entry("SELECT * FROM nope"));
    CHECK(h.entries().size() == 3);
    // Differences in whitespace or case are a different script.
    h.add(entry("select * from nope"));
    CHECK(h.entries().size() == 4);
}

TEST_CASE("history is bounded and drops the oldest") {
    SessionHistory h(3);
    for (int i = 1; i <= 5; ++i) h.add(entry("SELECT " + std::to_string(i)));
    REQUIRE(h.entries().size() == 3);
    CHECK(h.entries()[0].sql == "SELECT 3");
    CHECK(h.entries()[2].sql == "SELECT 5");
    // Replacing the newest at capacity drops nothing.
    h.add(entry("SELECT 5", false, "cancelled"));
    REQUIRE(h.entries().size() == 3);
    CHECK(h.entries()[0].sql == "SELECT 3");
    CHECK(h.entries()[2].summary == "cancelled");
}

TEST_CASE("default capacity is 200") {
    SessionHistory h;
    for (int i = 0; i < 250; ++i) h.add(entry("SELECT " + std::to_string(i)));
    REQUIRE(h.entries().size() == 200);
    CHECK(h.entries().front().sql == "SELECT 50");
    CHECK(h.entries().back().sql == "SELECT 249");
}

TEST_CASE("capacity 0 keeps nothing, capacity 1 keeps the newest") {
    SessionHistory none(0);
    none.add(entry("SELECT 1"));
    CHECK(none.empty());
    SessionHistory one(1);
    one.add(entry("SELECT 1"));
    one.add(entry("SELECT 2"));
    REQUIRE(one.entries().size() == 1);
    CHECK(one.entries()[0].sql == "SELECT 2");
}
