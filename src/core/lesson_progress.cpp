// Lesson progress and its JSON document (lesson_progress.h). The reader never throws (the web
// build has exceptions off, where a throw aborts): parse without exceptions, check each value's
// type before reading it, and build into a fresh object that replaces this one only when the
// whole document was good.
#include "lesson_progress.h"

#include <algorithm>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace pgplay {

using nlohmann::json;

namespace {

// Beyond this the file is not progress a person made; refusing it early keeps the browser from
// spending its memory on parsing it.
constexpr size_t kMaxDocumentBytes = 64u << 20;

constexpr const char* kNotProgress = "This file is not pgplay progress: ";

bool validLessonId(const std::string& id) {
    return !id.empty() && id.size() <= LessonProgress::kMaxLessonIdBytes;
}

// A name from the file for an error message: short, and cut on a UTF-8 character boundary so
// the message stays valid text.
std::string quotedName(std::string_view s) {
    constexpr size_t kShown = 40;
    if (s.size() <= kShown) return "\"" + std::string(s) + "\"";
    size_t cut = kShown;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return "\"" + std::string(s.substr(0, cut)) + "...\"";
}

// A step number as the file writes it: "1".."10000", no sign, no leading zero.
bool parseStepKey(const std::string& key, size_t& step) {
    if (key.empty() || key.size() > 5 || key[0] == '0') return false;
    size_t value = 0;
    for (char c : key) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + static_cast<size_t>(c - '0');
    }
    if (value < 1 || value > LessonProgress::kMaxSteps) return false;
    step = value - 1;
    return true;
}

// A JSON number that is a whole number in [1, max]. Floats (2.0 included) are not.
bool positiveWhole(const json& v, uint64_t max, uint64_t& out) {
    if (!v.is_number_integer()) return false;
    uint64_t u = 0;
    if (v.is_number_unsigned()) {
        u = v.get<uint64_t>();
    } else {
        const int64_t i = v.get<int64_t>();
        if (i < 1) return false;
        u = static_cast<uint64_t>(i);
    }
    if (u < 1 || u > max) return false;
    out = u;
    return true;
}

}  // namespace

LessonProgress::StepState* LessonProgress::stepFor(const std::string& lessonId, size_t step) {
    if (!validLessonId(lessonId) || step >= kMaxSteps) return nullptr;
    auto lesson = lessons_.find(lessonId);
    if (lesson == lessons_.end()) {
        if (lessons_.size() >= kMaxLessons) return nullptr;
        lesson = lessons_.emplace(lessonId, Steps{}).first;
    }
    return &lesson->second[step];
}

const LessonProgress::StepState* LessonProgress::findStep(const std::string& lessonId, size_t step) const {
    auto lesson = lessons_.find(lessonId);
    if (lesson == lessons_.end()) return nullptr;
    auto it = lesson->second.find(step);
    return it == lesson->second.end() ? nullptr : &it->second;
}

void LessonProgress::markDone(const std::string& lessonId, size_t step) {
    if (StepState* s = stepFor(lessonId, step)) s->done = true;
}

bool LessonProgress::isDone(const std::string& lessonId, size_t step) const {
    const StepState* s = findStep(lessonId, step);
    return s && s->done;
}

size_t LessonProgress::doneCount(const std::string& lessonId) const {
    auto lesson = lessons_.find(lessonId);
    if (lesson == lessons_.end()) return 0;
    size_t n = 0;
    for (const auto& [step, state] : lesson->second) n += state.done ? 1 : 0;
    return n;
}

void LessonProgress::setLastSql(const std::string& lessonId, size_t step, std::string sql) {
    // Past the limit the SQL is not kept at all: a cut-off statement restored into the editor
    // would be worse than the step's starter text.
    if (sql.size() > kMaxSqlBytes) return;
    if (StepState* s = stepFor(lessonId, step)) s->sql = std::move(sql);
}

const std::string* LessonProgress::lastSql(const std::string& lessonId, size_t step) const {
    const StepState* s = findStep(lessonId, step);
    return s && s->sql ? &*s->sql : nullptr;
}

void LessonProgress::noteFailedCheck(const std::string& lessonId, size_t step) {
    if (isDone(lessonId, step)) return;
    if (StepState* s = stepFor(lessonId, step); s && s->failedChecks < kMaxCount) ++s->failedChecks;
}

void LessonProgress::noteSolutionSeen(const std::string& lessonId, size_t step) {
    if (isDone(lessonId, step)) return;
    if (StepState* s = stepFor(lessonId, step)) s->sawSolution = true;
}

void LessonProgress::clearStruggle(const std::string& lessonId, size_t step) {
    auto lesson = lessons_.find(lessonId);
    if (lesson == lessons_.end()) return;
    auto it = lesson->second.find(step);
    if (it == lesson->second.end()) return;
    it->second.failedChecks = 0;
    it->second.sawSolution = false;
}

unsigned LessonProgress::failedChecks(const std::string& lessonId, size_t step) const {
    const StepState* s = findStep(lessonId, step);
    return s ? s->failedChecks : 0;
}

bool LessonProgress::sawSolution(const std::string& lessonId, size_t step) const {
    const StepState* s = findStep(lessonId, step);
    return s && s->sawSolution;
}

LessonProgress::QuestionState* LessonProgress::questionFor(const std::string& lessonId, size_t question) {
    if (!validLessonId(lessonId) || question >= kMaxQuestions) return nullptr;
    auto lesson = questions_.find(lessonId);
    if (lesson == questions_.end()) {
        if (questions_.size() >= kMaxLessons) return nullptr;
        lesson = questions_.emplace(lessonId, Questions{}).first;
    }
    return &lesson->second[question];
}

const LessonProgress::QuestionState* LessonProgress::findQuestion(const std::string& lessonId, size_t question) const {
    auto lesson = questions_.find(lessonId);
    if (lesson == questions_.end()) return nullptr;
    auto it = lesson->second.find(question);
    return it == lesson->second.end() ? nullptr : &it->second;
}

void LessonProgress::noteAnswer(const std::string& lessonId, size_t question, bool right, bool firstInVisit) {
    QuestionState* found = questionFor(lessonId, question);
    if (!found) return;
    QuestionState& q = *found;
    if (firstInVisit && right) {
        q.tries = 1;
        q.right = true;
        return;
    }
    if (q.right) return;
    if (q.tries < kMaxCount) ++q.tries;
    q.right = right;
}

bool LessonProgress::answeredRight(const std::string& lessonId, size_t question) const {
    const QuestionState* q = findQuestion(lessonId, question);
    return q && q->right;
}

unsigned LessonProgress::answerTries(const std::string& lessonId, size_t question) const {
    const QuestionState* q = findQuestion(lessonId, question);
    return q ? q->tries : 0;
}

void LessonProgress::setCurrent(const std::string& lessonId, size_t step) {
    if (!validLessonId(lessonId) || step >= kMaxSteps) return;
    current_ = std::make_pair(lessonId, step);
}

std::optional<std::pair<std::string, size_t>> LessonProgress::current() const { return current_; }

bool LessonProgress::empty() const { return lessons_.empty() && questions_.empty() && !current_; }

void LessonProgress::clear() {
    lessons_.clear();
    questions_.clear();
    current_.reset();
}

bool LessonProgress::operator==(const LessonProgress& other) const {
    return lessons_ == other.lessons_ && questions_ == other.questions_ && current_ == other.current_;
}

std::string LessonProgress::toJson() const {
    // ordered_json: keys in the order written (format first, steps by number, not "1", "10",
    // "2"), so two saves diff line by line.
    using ojson = nlohmann::ordered_json;
    ojson doc = ojson::object();
    doc["format"] = "pgplay-progress";
    doc["version"] = 1;
    if (current_)
        doc["current"] = ojson{{"lesson", current_->first}, {"step", current_->second + 1}};
    else
        doc["current"] = nullptr;
    ojson lessons = ojson::object();
    for (const auto& [id, steps] : lessons_) {
        ojson stepsJson = ojson::object();
        for (const auto& [step, state] : steps) {
            ojson s = ojson::object();
            s["done"] = state.done;
            if (state.sql) s["sql"] = *state.sql;
            if (state.failedChecks) s["failedChecks"] = state.failedChecks;
            if (state.sawSolution) s["sawSolution"] = true;
            stepsJson[std::to_string(step + 1)] = std::move(s);
        }
        lessons[id] = ojson{{"steps", std::move(stepsJson)}};
    }
    for (const auto& [id, questions] : questions_) {
        ojson questionsJson = ojson::object();
        for (const auto& [question, state] : questions)
            questionsJson[std::to_string(question + 1)] = ojson{{"right", state.right}, {"tries", state.tries}};
        if (!lessons.contains(id)) lessons[id] = ojson::object();
        lessons[id]["questions"] = std::move(questionsJson);
    }
    doc["lessons"] = std::move(lessons);
    // SQL is whatever was in the editor; bytes that are not UTF-8 become U+FFFD rather than
    // making dump() throw (an abort on the web).
    return doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

bool LessonProgress::fromJson(std::string_view text, std::string& error) {
    auto fail = [&](std::string message) {
        error = std::move(message);
        return false;
    };
    if (text.size() > kMaxDocumentBytes)
        return fail(std::string(kNotProgress) + "it is far larger than any progress file (over 64 MB).");
    const json doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded())
        return fail(std::string(kNotProgress) + "it is not valid JSON (it may be cut off or damaged).");
    if (!doc.is_object())
        return fail(std::string(kNotProgress) + "it does not hold a JSON object.");

    auto format = doc.find("format");
    if (format == doc.end() || !format->is_string() || format->get_ref<const std::string&>() != "pgplay-progress")
        return fail(std::string(kNotProgress) + "it has no \"format\": \"pgplay-progress\".");

    auto version = doc.find("version");
    if (version == doc.end())
        return fail(std::string(kNotProgress) + "it has no \"version\".");
    if (!version->is_number_integer())
        return fail(std::string(kNotProgress) + "its \"version\" is not a whole number.");
    if (version->is_number_unsigned() && version->get<uint64_t>() > 1)
        return fail("This progress was saved by a newer pgplay (format version " +
                    std::to_string(version->get<uint64_t>()) +
                    "); this pgplay reads version 1. Open it in a newer pgplay.");
    if (!version->is_number_unsigned() || version->get<uint64_t>() != 1)
        return fail(std::string(kNotProgress) + "its \"version\" is not one pgplay ever wrote.");

    LessonProgress result;

    auto current = doc.find("current");
    if (current != doc.end() && !current->is_null()) {
        if (!current->is_object())
            return fail(std::string(kNotProgress) + "\"current\" is not an object or null.");
        auto lesson = current->find("lesson");
        if (lesson == current->end() || !lesson->is_string() ||
            !validLessonId(lesson->get_ref<const std::string&>()))
            return fail(std::string(kNotProgress) + "\"current\" has no valid \"lesson\" name.");
        auto step = current->find("step");
        uint64_t number = 0;
        if (step == current->end() || !positiveWhole(*step, kMaxSteps, number))
            return fail(std::string(kNotProgress) + "\"current\" has no \"step\" number from 1 to " +
                        std::to_string(kMaxSteps) + ".");
        result.current_ = std::make_pair(lesson->get<std::string>(), static_cast<size_t>(number - 1));
    }

    auto lessons = doc.find("lessons");
    if (lessons != doc.end() && !lessons->is_null()) {
        if (!lessons->is_object())
            return fail(std::string(kNotProgress) + "\"lessons\" is not an object.");
        if (lessons->size() > kMaxLessons)
            return fail(std::string(kNotProgress) + "it lists more than " + std::to_string(kMaxLessons) +
                        " lessons.");
        for (auto lesson = lessons->begin(); lesson != lessons->end(); ++lesson) {
            const std::string& id = lesson.key();
            if (!validLessonId(id))
                return fail(std::string(kNotProgress) + (id.empty() ? std::string("a lesson has an empty name.")
                                                                    : "the lesson name " + quotedName(id) +
                                                                          " is longer than " +
                                                                          std::to_string(kMaxLessonIdBytes) +
                                                                          " characters."));
            if (!lesson->is_object())
                return fail(std::string(kNotProgress) + "lesson " + quotedName(id) + " is not an object.");
            auto questions = lesson->find("questions");
            if (questions != lesson->end() && !questions->is_null()) {
                if (!questions->is_object())
                    return fail(std::string(kNotProgress) + "the \"questions\" of lesson " + quotedName(id) +
                                " are not an object.");
                Questions parsed;
                for (auto q = questions->begin(); q != questions->end(); ++q) {
                    size_t number = 0;
                    if (!parseStepKey(q.key(), number) || number >= kMaxQuestions)
                        return fail(std::string(kNotProgress) + "lesson " + quotedName(id) + " has a question numbered " +
                                    quotedName(q.key()) + "; questions are numbered 1, 2, 3... up to " +
                                    std::to_string(kMaxQuestions) + ".");
                    const std::string where = "question " + q.key() + " of lesson " + quotedName(id);
                    if (!q->is_object()) return fail(std::string(kNotProgress) + where + " is not an object.");
                    QuestionState state;
                    auto right = q->find("right");
                    if (right != q->end() && !right->is_boolean())
                        return fail(std::string(kNotProgress) + "\"right\" in " + where + " is not true or false.");
                    if (right != q->end()) state.right = right->get<bool>();
                    auto tries = q->find("tries");
                    uint64_t count = state.right ? 1 : 0;   // a right answer took at least one try
                    if (tries != q->end() && !positiveWhole(*tries, kMaxCount, count))
                        return fail(std::string(kNotProgress) + "\"tries\" in " + where + " is not a count from 1.");
                    state.tries = static_cast<unsigned>(count);
                    if (state.tries > 0) parsed.emplace(number, state);
                }
                if (!parsed.empty()) result.questions_.emplace(id, std::move(parsed));
            }
            auto steps = lesson->find("steps");
            if (steps == lesson->end() || steps->is_null()) continue;
            if (!steps->is_object())
                return fail(std::string(kNotProgress) + "the \"steps\" of lesson " + quotedName(id) +
                            " are not an object.");
            Steps parsed;
            for (auto s = steps->begin(); s != steps->end(); ++s) {
                size_t step = 0;
                if (!parseStepKey(s.key(), step))
                    return fail(std::string(kNotProgress) + "lesson " + quotedName(id) + " has a step numbered " +
                                quotedName(s.key()) + "; steps are numbered 1, 2, 3... up to " +
                                std::to_string(kMaxSteps) + ".");
                const std::string where = "step " + s.key() + " of lesson " + quotedName(id);
                if (!s->is_object()) return fail(std::string(kNotProgress) + where + " is not an object.");
                StepState state;
                auto done = s->find("done");
                if (done != s->end() && !done->is_null()) {
                    if (!done->is_boolean())
                        return fail(std::string(kNotProgress) + "\"done\" in " + where + " is not true or false.");
                    state.done = done->get<bool>();
                }
                auto sql = s->find("sql");
                if (sql != s->end() && !sql->is_null()) {
                    if (!sql->is_string())
                        return fail(std::string(kNotProgress) + "\"sql\" in " + where + " is not text.");
                    if (sql->get_ref<const std::string&>().size() > kMaxSqlBytes)
                        return fail(std::string(kNotProgress) + "the SQL of " + where +
                                    " is over 1 MB, more than any lesson answer.");
                    state.sql = sql->get<std::string>();
                }
                auto failed = s->find("failedChecks");
                if (failed != s->end() && !failed->is_null()) {
                    uint64_t count = 0;
                    if (!(failed->is_number_integer() && failed->get<int64_t>() == 0) &&
                        !positiveWhole(*failed, kMaxCount, count))
                        return fail(std::string(kNotProgress) + "\"failedChecks\" in " + where + " is not a count.");
                    state.failedChecks = static_cast<unsigned>(count);
                }
                auto saw = s->find("sawSolution");
                if (saw != s->end() && !saw->is_null()) {
                    if (!saw->is_boolean())
                        return fail(std::string(kNotProgress) + "\"sawSolution\" in " + where + " is not true or false.");
                    state.sawSolution = saw->get<bool>();
                }
                if (!state.empty()) parsed.emplace(step, std::move(state));
            }
            if (!parsed.empty()) result.lessons_.emplace(id, std::move(parsed));
        }
    }

    *this = std::move(result);
    error.clear();
    return true;
}

void LessonProgress::merge(const LessonProgress& other) {
    if (this == &other) return;
    for (const auto& [id, steps] : other.lessons_) {
        for (const auto& [step, state] : steps) {
            StepState* mine = stepFor(id, step);
            if (!mine) break;   // this lesson would go past kMaxLessons
            mine->done = mine->done || state.done;
            if (!mine->sql && state.sql) mine->sql = state.sql;
            mine->failedChecks = std::max(mine->failedChecks, state.failedChecks);
            mine->sawSolution = mine->sawSolution || state.sawSolution;
        }
    }
    for (const auto& [id, questions] : other.questions_) {
        for (const auto& [question, state] : questions) {
            QuestionState* found = questionFor(id, question);
            if (!found) break;   // past a limit
            QuestionState& mine = *found;
            // The better record wins: right over not, then the fewer tries to get there.
            if (!mine.right || (state.right && state.tries < mine.tries)) {
                if (state.right || state.tries > mine.tries) mine = state;
            }
        }
    }
    if (!current_ && other.current_) current_ = other.current_;
}

}  // namespace pgplay
