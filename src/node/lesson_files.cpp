#include "node/lesson_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace pgplay {

std::vector<LessonFile> loadLessonDirectory(const std::string& dir) {
    std::vector<std::string> paths;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".md") paths.push_back(entry.path().string());
    std::sort(paths.begin(), paths.end());

    std::vector<LessonFile> files;
    for (const std::string& path : paths) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        std::string name = std::filesystem::path(path).filename().string();
        files.push_back({path, parseLesson(text.str(), "lessons/" + name)});
    }
    return files;
}

}  // namespace pgplay
