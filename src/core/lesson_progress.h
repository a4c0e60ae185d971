// What the learner has done in the lessons: steps passed, the SQL last written in each step, and
// where they were. Saved in browser storage and exported to / imported from a file, as:
//
//   {"format": "pgplay-progress", "version": 1,
//    "current": {"lesson": "joins", "step": 2} | null,
//    "lessons": {"joins": {"steps": {"1": {"done": true, "sql": "SELECT ..."}}}}}
//
// Steps are numbered from 1 in the file (as the learner sees them) and from 0 in the API.
// Unknown keys are ignored so a newer pgplay's files still load; everything else is checked,
// because the file may have been edited by hand or be something else entirely.
//
// Limits (kept by the setters too, so whatever toJson writes fromJson reads back): lesson ids
// are 1-200 bytes, at most 10,000 lessons, step numbers up to 10,000, SQL up to 1 MB per step.
// A setter given something past a limit does nothing.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace pgplay {

class LessonProgress {
public:
    static constexpr size_t kMaxLessons = 10000;
    static constexpr size_t kMaxSteps = 10000;        // steps 0..kMaxSteps-1 (1..kMaxSteps in the file)
    static constexpr size_t kMaxLessonIdBytes = 200;
    static constexpr size_t kMaxSqlBytes = 1 << 20;

    void markDone(const std::string& lessonId, size_t step);          // step: 0-based
    bool isDone(const std::string& lessonId, size_t step) const;
    size_t doneCount(const std::string& lessonId) const;
    void setLastSql(const std::string& lessonId, size_t step, std::string sql);
    const std::string* lastSql(const std::string& lessonId, size_t step) const;   // nullptr if none
    void setCurrent(const std::string& lessonId, size_t step);
    void clearCurrent() { current_.reset(); }   // the learner left the lesson for the sandbox
    std::optional<std::pair<std::string, size_t>> current() const;
    bool empty() const;          // nothing done, no SQL kept, no current step: nothing to save
    void clear();

    std::string toJson() const;  // the document above, indented, keys in a stable order
    // Replaces this progress with a saved/imported document. On any problem returns false,
    // sets `error` to a sentence a learner understands ("This file is not pgplay progress:
    // ..."), and leaves this object unchanged.
    bool fromJson(std::string_view text, std::string& error);
    // Adds another progress into this one (import without losing what is here): done steps
    // are OR-ed, last SQL taken from `other` where this has none, and other's current step
    // only where this has none.
    void merge(const LessonProgress& other);

    bool operator==(const LessonProgress& other) const;
    bool operator!=(const LessonProgress& other) const { return !(*this == other); }

private:
    struct StepState {
        bool done = false;
        std::optional<std::string> sql;
        bool operator==(const StepState& o) const { return done == o.done && sql == o.sql; }
    };
    using Steps = std::map<size_t, StepState>;   // by 0-based step

    // Only lessons with at least one step recorded are kept, so lessons_.size() is what the
    // kMaxLessons limit counts.
    std::map<std::string, Steps> lessons_;
    std::optional<std::pair<std::string, size_t>> current_;

    StepState* stepFor(const std::string& lessonId, size_t step);   // creates; nullptr past a limit
    const StepState* findStep(const std::string& lessonId, size_t step) const;
};

}  // namespace pgplay
