#include "lesson_catalog.h"

#include <algorithm>
#include <functional>
#include <utility>

namespace pgplay {

void LessonCatalog::add(const std::string& fileName, std::string_view text) {
    Entry entry{fileName, parseLesson(text, fileName)};
    auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.fileName == fileName; });
    if (it != entries_.end())
        *it = std::move(entry);
    else
        entries_.push_back(std::move(entry));
    // Roadmap order: the site's own lessons (lessons/NN-name.md) by name, then any file a URL
    // opened (?file=), which so can never take a built-in lesson's id from it.
    auto key = [](const Entry& e) { return std::make_pair(e.fileName.rfind("lessons/", 0) != 0, std::cref(e.fileName)); };
    std::sort(entries_.begin(), entries_.end(), [&](const Entry& a, const Entry& b) { return key(a) < key(b); });
    rebuild();
}

void LessonCatalog::rebuild() {
    lessons_.clear();
    errors_.clear();
    for (const Entry& e : entries_) {
        if (!e.parsed.ok()) {
            errors_.push_back({e.fileName, e.parsed.errorText()});
        } else if (find(e.parsed.lesson->id)) {
            errors_.push_back({e.fileName, e.fileName + ": the id '" + e.parsed.lesson->id +
                                               "' is already used by an earlier lesson file"});
        } else {
            lessons_.push_back(*e.parsed.lesson);
        }
    }
}

const Lesson* LessonCatalog::find(std::string_view id) const {
    for (const Lesson& l : lessons_)
        if (l.id == id) return &l;
    return nullptr;
}

const Lesson* LessonCatalog::next(std::string_view id) const {
    for (size_t i = 0; i + 1 < lessons_.size(); ++i)
        if (lessons_[i].id == id) return &lessons_[i + 1];
    return nullptr;
}

size_t LessonCatalog::totalSteps() const {
    size_t n = 0;
    for (const Lesson& l : lessons_) n += l.steps.size();
    return n;
}

}  // namespace pgplay
