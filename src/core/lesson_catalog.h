// Every lesson the app knows: the parsed lesson files in roadmap order (by file name, so
// "01-..." comes before "02-..."), and the files that failed to parse with their errors, so a
// broken file shows its problem in place of the lesson instead of disappearing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lesson_model.h"
#include "lesson_parser.h"

namespace pgplay {

struct LessonFileError {
    std::string fileName;
    std::string errors;   // one "file:line: message" a line
};

class LessonCatalog {
public:
    // Parses and adds one file; a file of the same name replaces the earlier one.
    void add(const std::string& fileName, std::string_view text);

    const std::vector<Lesson>& lessons() const { return lessons_; }
    const std::vector<LessonFileError>& errors() const { return errors_; }
    const Lesson* find(std::string_view id) const;   // nullptr when there is none
    // The lesson after `id` in roadmap order, or nullptr.
    const Lesson* next(std::string_view id) const;
    size_t totalSteps() const;

private:
    struct Entry {
        std::string fileName;
        LessonParseResult parsed;
    };
    void rebuild();
    std::vector<Entry> entries_;
    std::vector<Lesson> lessons_;
    std::vector<LessonFileError> errors_;
};

}  // namespace pgplay
