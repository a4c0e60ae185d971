// A query result, a lesson check's verdict, in sentences: what the page's accessible layer (the
// text a screen reader announces, and find-in-page searches) says about what the canvas draws.
// The grid itself is pixels; this is its voice.
#pragma once

#include <cstddef>
#include <string>

#include "lesson_checker.h"
#include "result_model.h"

namespace pgplay {

// "2 rows, columns id, name. Row 1: id 1, name Ada. Row 2: ...". At most `maxRows` rows are read
// out and each value at most `maxValueChars` characters; errors with their code, detail and hint;
// several statements by their last one, after saying how many ran.
std::string describeResult(const QueryResult& result, size_t maxRows = 5, size_t maxValueChars = 80);

// "Check passed. ..." or "Not yet. ..." with the verdict's feedback.
std::string describeVerdict(const Verdict& verdict);

}  // namespace pgplay
