// Finding and parsing the lesson files of a directory (lessons/*.md), for the Node tools.
// (The browser gets the same files from build/web/lessons/, listed in lessons/index.json.)
#pragma once

#include <string>
#include <vector>

#include "core/lesson_catalog.h"

namespace pgplay {

// Every *.md file of `dir`, as the browser's catalog would hold them.
LessonCatalog loadLessonDirectory(const std::string& dir);

}  // namespace pgplay
