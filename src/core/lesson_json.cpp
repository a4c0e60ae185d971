#include "lesson_json.h"

#include "result_json.h"

namespace pgplay {

nlohmann::json lessonSummaryJson(const Lesson& lesson) {
    return {{"id", lesson.id}, {"title", lesson.title}, {"summary", lesson.summary},
            {"steps", lesson.steps.size()}, {"file", lesson.fileName}};
}

nlohmann::json verdictJson(const Verdict& verdict) {
    nlohmann::json checks = nlohmann::json::array();
    for (const CheckOutcome& c : verdict.checks)
        checks.push_back({{"kind", checkKindName(c.kind)}, {"line", c.line}, {"pass", c.pass}, {"feedback", c.feedback}});
    return {{"pass", verdict.pass},
            {"lessonError", verdict.lessonError},
            {"feedback", verdict.feedback},
            {"checks", checks},
            {"error", verdict.learnerError ? toJson(*verdict.learnerError) : nlohmann::json(nullptr)}};
}

}  // namespace pgplay
