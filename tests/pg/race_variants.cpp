#include "race_variants.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "core/race_statement.h"

namespace pgtest {

using namespace pgplay;

namespace {

bool isKind(const RaceStep& step, RaceStatementKind kind) { return classifyRaceStatement(step.sql).kind == kind; }

std::string text(const RaceScenario& s) {
    std::string out;
    for (const RaceStep& step : s.steps) out += step.session + ":" + step.sql + "\n";
    return out;
}

// A random merge of the sessions' own sequences: each next step is drawn from a session with
// statements left, in proportion to how many it has left.
RaceScenario shuffled(const RaceScenario& s, std::mt19937& rng) {
    std::map<std::string, std::vector<RaceStep>> bySession;
    for (const RaceStep& step : s.steps) bySession[step.session].push_back(step);
    std::map<std::string, size_t> next;
    RaceScenario out = s;
    out.steps.clear();
    size_t left = s.steps.size();
    while (left > 0) {
        size_t pick = std::uniform_int_distribution<size_t>(0, left - 1)(rng);
        for (auto& [name, steps] : bySession) {
            const size_t remaining = steps.size() - next[name];
            if (pick < remaining) {
                out.steps.push_back(steps[next[name]++]);
                break;
            }
            pick -= remaining;
        }
        --left;
    }
    return out;
}

}  // namespace

std::vector<RaceVariant> raceVariants(const RaceScenario& base, size_t orders, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<RaceVariant> levels{{base.id, base}};
    const bool hasBegin = std::any_of(base.steps.begin(), base.steps.end(),
                                      [](const RaceStep& s) { return isKind(s, RaceStatementKind::Begin); });
    if (hasBegin)
        for (const auto& [tag, level] : {std::pair{"rc", "READ COMMITTED"}, {"rr", "REPEATABLE READ"}, {"ser", "SERIALIZABLE"}}) {
            RaceVariant v{base.id + " " + tag, base};
            for (RaceStep& step : v.scenario.steps)
                if (isKind(step, RaceStatementKind::Begin)) step.sql = std::string("BEGIN ISOLATION LEVEL ") + level;
            levels.push_back(std::move(v));
        }
    std::vector<RaceVariant> endings;
    for (const RaceVariant& v : levels) {
        endings.push_back(v);
        for (size_t i = 0; i < v.scenario.steps.size(); ++i) {
            if (!isKind(v.scenario.steps[i], RaceStatementKind::Commit)) continue;
            RaceVariant r{v.name + " rollback@" + std::to_string(i), v.scenario};
            r.scenario.steps[i].sql = "ROLLBACK";
            endings.push_back(std::move(r));
        }
    }
    std::vector<RaceVariant> out;
    std::set<std::string> seen;
    auto add = [&](RaceVariant v) {
        if (seen.insert(text(v.scenario)).second) out.push_back(std::move(v));
    };
    for (const RaceVariant& v : endings) {
        add(v);
        for (size_t k = 1; k <= orders; ++k) add({v.name + " order#" + std::to_string(k), shuffled(v.scenario, rng)});
    }
    return out;
}

}  // namespace pgtest
