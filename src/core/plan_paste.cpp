#include "plan_paste.h"

#include <string>

#include "plan_json_parser.h"
#include "plan_text_parser.h"
#include "psql_output.h"

namespace pgplay {

PlanFormat detectPlanFormat(std::string_view text) {
    const std::string bare = stripPsqlDecoration(text);
    const size_t start = bare.find_first_not_of(" \t\r\n");
    return start != std::string::npos && (bare[start] == '[' || bare[start] == '{') ? PlanFormat::Json : PlanFormat::Text;
}

PlanParseResult parsePastedPlan(std::string_view text) {
    return detectPlanFormat(text) == PlanFormat::Json ? parseJsonPlan(text) : parseTextPlan(text);
}

}  // namespace pgplay
