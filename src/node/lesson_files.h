// Finding and parsing the lesson files of a directory (lessons/*.md), for the Node tools.
// (The browser gets the same files from build/web/lessons/, listed in lessons/index.json.)
#pragma once

#include <string>
#include <vector>

#include "core/lesson_parser.h"

namespace pgplay {

struct LessonFile {
    std::string path;
    LessonParseResult parsed;
};

// Every *.md file of `dir`, sorted by name (NN- prefixes give the roadmap order).
std::vector<LessonFile> loadLessonDirectory(const std::string& dir);

}  // namespace pgplay
