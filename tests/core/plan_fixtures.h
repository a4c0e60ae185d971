// Shared by the plan parsers' tests: the captured plans in tests/fixtures/plans, what must hold
// for every parsed plan, and the mutations the fuzz tests feed the parsers.
//
// The plans come in sets, one directory each, all of the same queries (tests/fixtures/plans/
// queries.sql): "pg15" from PostgreSQL 15 through psql (scripts/capture-plans.sh) and "pglite" from
// PGlite, the browser's engine, which is PostgreSQL 18 (scripts/capture-plans-pglite.mjs).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/plan_model.h"
#include "core/plan_text_parser.h"
#include "plan_invariants.h"   // treeProblems

namespace plantest {

inline std::filesystem::path plansDir() { return std::filesystem::path(PGPLAY_SOURCE_DIR) / "tests" / "fixtures" / "plans"; }

// The fixture sets, by directory name.
inline const std::vector<std::string>& fixtureSources() {
    static const std::vector<std::string> sources{"pg15", "pglite"};
    return sources;
}

inline std::filesystem::path fixtureDir(const std::string& source = "pg15") { return plansDir() / source; }

inline std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

inline std::string fixture(const std::string& fileName, const std::string& source = "pg15") {
    return readFile(fixtureDir(source) / fileName);
}

// The captured queries of one set, by name ("hash_join"): each has a .json and a .txt.
inline std::vector<std::string> fixtureNames(const std::string& source = "pg15") {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(fixtureDir(source)))
        if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

// One captured query of one set, "pglite/hash_join" in messages.
struct FixtureId {
    std::string source, name;
    std::string file(const std::string& extension) const { return fixture(name + extension, source); }
    std::string label() const { return source + "/" + name; }
};

// Every captured query of every set.
inline std::vector<FixtureId> allFixtures() {
    std::vector<FixtureId> ids;
    for (const std::string& source : fixtureSources())
        for (const std::string& name : fixtureNames(source)) ids.push_back({source, name});
    return ids;
}

// The queries both capture scripts run: the names on queries.sql's "--@ name|settings|query" lines.
inline std::vector<std::string> queryNames() {
    std::vector<std::string> names;
    std::istringstream lines(readFile(plansDir() / "queries.sql"));
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("--@ ", 0) == 0) names.push_back(line.substr(4, line.find('|') - 4));
    std::sort(names.begin(), names.end());
    return names;
}

// The psql-decorated pastes in pg15/psql/.
inline std::vector<std::filesystem::path> psqlFixtures() {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry : std::filesystem::directory_iterator(fixtureDir() / "psql")) paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    return paths;
}

// A plan written in the text form for a test, which must parse.
inline pgplay::Plan textPlan(const std::string& text) {
    pgplay::PlanParseResult r = pgplay::parseTextPlan(text);
    INFO(r.error);
    REQUIRE(r.ok());
    return *r.plan;
}

inline const pgplay::PlanNode* findNode(const pgplay::Plan& plan, const std::string& nodeType, int nth = 0) {
    for (const pgplay::PlanNode& n : plan.nodes)
        if (n.nodeType == nodeType && nth-- == 0) return &n;
    return nullptr;
}

inline int indexOf(const pgplay::Plan& plan, const pgplay::PlanNode* node) { return static_cast<int>(node - plan.nodes.data()); }

inline double exclusiveSum(const pgplay::Plan& plan) {
    double sum = 0;
    for (const pgplay::PlanNode& n : plan.nodes) sum += n.exclusiveMs.value_or(0);
    return sum;
}

// Deterministic damage to a valid input, to feed the parsers what a bad paste, a truncated
// download or a hostile page could: cut, duplicated, swapped and re-indented lines, stray
// characters, absurd numbers, truncation.
class Mutator {
public:
    explicit Mutator(uint32_t seed) : random_(seed) {}

    std::string mutate(std::string text) {
        const int edits = 1 + static_cast<int>(pick(3));
        for (int e = 0; e < edits && !text.empty(); ++e) {
            const size_t at = pick(text.size());
            switch (pick(9)) {
                case 0: text.erase(at, pick(40)); break;
                case 1: text.insert(at, 1, kAlphabet[pick(sizeof kAlphabet - 1)]); break;
                case 2: text.insert(at, 1, static_cast<char>(pick(256))); break;
                case 3: text.insert(at, text.substr(pick(text.size()), pick(200))); break;
                case 4: text.resize(at); break;
                case 5: text.insert(at, kNumbers[pick(std::size(kNumbers))]); break;
                case 6: {   // a line moved elsewhere
                    const size_t start = text.rfind('\n', at);
                    const size_t end = text.find('\n', at);
                    const size_t from = start == std::string::npos ? 0 : start;
                    const std::string line = text.substr(from, end == std::string::npos ? std::string::npos : end - from);
                    text.erase(from, line.size());
                    text.insert(pick(text.size() + 1), line);
                    break;
                }
                case 7: text.insert(text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1, std::string(pick(12), ' ')); break;
                default: text[at] = kAlphabet[pick(sizeof kAlphabet - 1)]; break;
            }
        }
        return text;
    }

private:
    size_t pick(size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(random_); }

    static constexpr char kAlphabet[] = "[]{}\",:.-+e0123456789 ()\n\t->=|$abcQUERY PLAN";
    static constexpr const char* kNumbers[] = {"1e400", "-1", "99999999999999999999999", "NaN", "1e308", "0.000",
                                               "(never executed)", "  ->  ", "SubPlan 1\n", "Worker 0:  "};
    std::mt19937 random_;
};

// Feeds 3,000 Mutator damages of `seeds` to `parse`: a plan that comes back must be a
// consistent tree, a refusal must say why, and both must happen. `alsoCheck` (optional) looks
// at each damaged input too.
inline void fuzzParser(const std::vector<std::string>& seeds, uint32_t seed,
                       const std::function<pgplay::PlanParseResult(const std::string&)>& parse,
                       const std::function<void(const std::string&)>& alsoCheck = {}) {
    REQUIRE_FALSE(seeds.empty());
    Mutator mutator(seed);
    int parsedCount = 0, refused = 0;
    for (int i = 0; i < 3000; ++i) {
        const std::string input = mutator.mutate(seeds[static_cast<size_t>(i) % seeds.size()]);
        const pgplay::PlanParseResult r = parse(input);
        if (r.ok()) {
            ++parsedCount;
            const std::string problems = treeProblems(*r.plan);
            INFO(input);
            INFO(problems);
            REQUIRE(problems.empty());
        } else {
            ++refused;
            REQUIRE_FALSE(r.error.empty());
        }
        if (alsoCheck) alsoCheck(input);
    }
    CHECK(parsedCount > 0);
    CHECK(refused > 0);
}

}  // namespace plantest
