// Built-in type names and learned user types. tests/pg checks the whole built-in table against a
// live pg_type; these pin the names the grid shows most.
#include <catch2/catch.hpp>

#include "core/type_names.h"

using namespace pgplay;

TEST_CASE("TypeNames knows the built-in types", "[types]") {
    TypeNames names;
    const std::pair<uint32_t, const char*> expected[] = {
        {16, "bool"}, {17, "bytea"}, {18, "char"}, {19, "name"}, {20, "int8"}, {21, "int2"}, {23, "int4"},
        {25, "text"}, {26, "oid"}, {114, "json"}, {142, "xml"}, {650, "cidr"}, {700, "float4"},
        {701, "float8"}, {790, "money"}, {869, "inet"}, {1042, "bpchar"}, {1043, "varchar"},
        {1082, "date"}, {1083, "time"}, {1114, "timestamp"}, {1184, "timestamptz"}, {1186, "interval"},
        {1266, "timetz"}, {1560, "bit"}, {1562, "varbit"}, {1700, "numeric"}, {2205, "regclass"},
        {2249, "record"}, {2278, "void"}, {2950, "uuid"}, {3220, "pg_lsn"}, {3802, "jsonb"},
        {1000, "_bool"}, {1007, "_int4"}, {1009, "_text"}, {1016, "_int8"}, {1231, "_numeric"},
        {3807, "_jsonb"}, {3904, "int4range"}, {4451, "int4multirange"},
    };
    for (const auto& [oid, name] : expected) {
        INFO("oid " << oid);
        CHECK(names.nameOf(oid) == name);
    }
}

TEST_CASE("TypeNames: unknown OIDs are empty until learned", "[types]") {
    TypeNames names;
    CHECK(names.nameOf(0).empty());
    CHECK(names.nameOf(16384).empty());
    names.learn(16384, "mood");
    CHECK(names.nameOf(16384) == "mood");
    names.learn(16384, "feeling");   // recreated under another name
    CHECK(names.nameOf(16384) == "feeling");
    CHECK(names.nameOf(23) == "int4");
}

TEST_CASE("TypeNames::isNumeric", "[types]") {
    for (uint32_t oid : {20u, 21u, 23u, 26u, 700u, 701u, 790u, 1700u}) {
        INFO("oid " << oid);
        CHECK(TypeNames::isNumeric(oid));
    }
    for (uint32_t oid : {16u, 25u, 1043u, 1082u, 1184u, 1007u, 3802u, 0u, 16384u}) {
        INFO("oid " << oid);
        CHECK_FALSE(TypeNames::isNumeric(oid));
    }
}
