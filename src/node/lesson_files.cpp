#include "node/lesson_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace pgplay {

LessonCatalog loadLessonDirectory(const std::string& dir) {
    std::vector<std::string> paths;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".md") paths.push_back(entry.path().string());

    LessonCatalog catalog;
    for (const std::string& path : paths) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        catalog.add("lessons/" + std::filesystem::path(path).filename().string(), text.str());
    }
    return catalog;
}

}  // namespace pgplay
