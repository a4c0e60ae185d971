#include "race_timeline.h"

#include <nlohmann/json.hpp>

namespace pgplay {

std::optional<std::string> raceResultValue(const QueryResult& result) {
    if (result.error) return "ERROR " + result.error->sqlstate;
    if (result.results.empty()) return std::string();
    const StatementResult& s = result.results.back();
    if (s.hasRowSet && s.rows.rowCount() > 0 && s.rows.columnCount() > 0) {
        if (s.rows.isNull(0, 0)) return std::nullopt;
        return std::string(s.rows.text(0, 0));
    }
    return s.tag;
}

std::string raceTimelineJson(const RaceTimeline& timeline) {
    // ordered_json keeps the keys in the documented order.
    using json = nlohmann::ordered_json;
    json out = json::array();
    auto value = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
    for (const RaceStepOutcome& s : timeline.steps) {
        json entry = {{"step", s.step}, {"who", s.who}, {"sql", s.sql}, {"result", value(s.result)}};
        if (s.blocked) {
            entry["blocked"] = true;
            if (s.releasedAfter) entry["released_after"] = *s.releasedAfter;
        }
        out.push_back(std::move(entry));
    }
    for (const RaceCheckOutcome& c : timeline.checks) out.push_back({{"check", c.check}, {"value", value(c.value)}});
    return out.dump();
}

}  // namespace pgplay
