// Comparing a learner's result with the reference solution's, the way a teacher would: the
// same rows as a multiset (in order only when the task asks for one), values equal by what
// they mean rather than how they are spelled (numeric 1.0 = 1, float within a tolerance,
// boolean t = true, NULL equal only to NULL, text exactly), column names only when asked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "result_model.h"

namespace pgplay {

struct CompareOptions {
    bool ordered = false;   // row order matters (the task asks for an ORDER BY)
    bool names = false;     // column names matter (the task names them)
};

struct CompareOutcome {
    bool same = false;
    std::string feedback;   // plain sentences: what differs, with counts and the first bad row
};

// How a column's values are compared, chosen from the types on both sides.
enum class ValueMode { Text, Exact, Float, Float4, Bool };   // Float4: fewer digits count
ValueMode valueModeFor(uint32_t expectedType, uint32_t actualType);

// The canonical spelling of a value under a mode: "1.50" -> "1.5" (Exact), "t" -> "true"...
// NULL has its own key that no text can produce.
std::string canonicalValue(std::optional<std::string_view> value, ValueMode mode);

bool valuesEqual(std::optional<std::string_view> a, uint32_t typeA, std::optional<std::string_view> b,
                 uint32_t typeB);

CompareOutcome compareResults(const StatementResult& expected, const StatementResult& actual,
                              const CompareOptions& options);

// A row as the feedback shows it: (1, 'Ada', NULL). Long values are shortened.
std::string formatRow(const StatementResult& r, size_t row);

}  // namespace pgplay
