// Grading a lesson's quick-check questions (lesson_model.h's Question), without a database: a
// multiple-choice answer is the set of choices picked; a typed answer is compared with each
// accepted one as SQL tokens, so case, spacing, comments and a final semicolon do not matter
// ("is null" = "IS  NULL;") but anything PostgreSQL would read differently does ('Ada' vs 'ada').
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "lesson_model.h"

namespace pgplay {

struct QuestionAnswer {
    std::vector<size_t> chosen;   // multiple choice: indexes into Question::options
    std::string typed;            // typed answer
};

struct QuestionVerdict {
    bool right = false;
    bool empty = false;           // nothing was picked or typed: not counted as a try
    std::string feedback;         // Markdown for the learner
};

QuestionVerdict gradeQuestion(const Question& question, const QuestionAnswer& answer);

// The typed-answer form compared: tokens without whitespace or comments, keywords and unquoted
// names in lower case, one space between tokens, no trailing semicolons.
std::string normalizedAnswer(std::string_view text);

}  // namespace pgplay
