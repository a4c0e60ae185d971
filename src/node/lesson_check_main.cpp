// lesson-check: grades SQL against lesson steps with the same core code the browser runs, on
// PGlite in Node. Prints JSON.
//   lesson-check --list                   every lesson: [{id, title, summary, steps, file}]
//   lesson-check LESSON STEP FILE.sql     the verdict for one answer (steps count from 1)
//   lesson-check --verify                 every step of every lesson: the solution and every
//                                         accepted answer pass, every listed wrong answer fails
//   lesson-check --verify LESSON          the same for one lesson
// Exit status: 0 pass (or list/verify all good), 1 fail, 2 usage or lesson file errors.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "core/lesson_checker.h"
#include "core/lesson_json.h"
#include "node/lesson_files.h"
#include "node/node_database.h"
#include "node/tool_output.h"

namespace {

using nlohmann::json;
using namespace pgplay;

int usage() {
    std::fprintf(stderr, "usage: lesson-check --list | --verify [LESSON] | LESSON STEP FILE.sql\n");
    return 2;
}

std::string lessonsDir() {
    const char* dir = std::getenv("PGPLAY_LESSONS_DIR");
    return dir ? dir : "lessons";
}

// Runs the checker's chain of requests to the end; its callback has run when drain() returns.
Verdict grade(NodeDatabase& db, const Lesson& lesson, size_t step, const std::string& sql) {
    Verdict verdict;
    checkStep(db, lesson, step, sql, [&](Verdict v) { verdict = std::move(v); });
    db.drain();
    return verdict;
}

int list() {
    json out = json::array();
    LessonCatalog catalog = loadLessonDirectory(lessonsDir());
    for (const Lesson& lesson : catalog.lessons()) out.push_back(lessonSummaryJson(lesson));
    for (const LessonFileError& e : catalog.errors()) out.push_back({{"file", e.fileName}, {"errors", e.errors}});
    writeStdout(out.dump(2) + "\n");
    return catalog.errors().empty() ? 0 : 2;
}

int verify(const std::string& only) {
    NodeDatabase db = openNodeDatabase();
    if (db.status().state != DatabaseState::Ready) {
        std::cerr << db.status().message << std::endl;
        return 2;
    }
    json report = json::array();
    LessonCatalog catalog = loadLessonDirectory(lessonsDir());
    int failures = static_cast<int>(catalog.errors().size());
    for (const LessonFileError& e : catalog.errors()) report.push_back({{"file", e.fileName}, {"errors", e.errors}});
    if (!only.empty() && !catalog.find(only)) {
        std::fprintf(stderr, "lesson-check: no lesson '%s' (see --list)\n", only.c_str());
        return 2;
    }
    for (const Lesson& lesson : catalog.lessons()) {
        if (!only.empty() && lesson.id != only) continue;
        for (size_t s = 0; s < lesson.steps.size(); ++s) {
            const Step& step = lesson.steps[s];
            Verdict solution = grade(db, lesson, s, step.solution);
            json entry = {{"lesson", lesson.id}, {"step", s + 1}, {"title", step.title},
                          {"solutionPasses", solution.pass}, {"wrongAnswers", json::array()}};
            if (!solution.pass) {
                entry["solutionFeedback"] = solution.feedback;
                ++failures;
            }
            for (const SampleAnswer& wrong : step.wrongAnswers) {
                Verdict v = grade(db, lesson, s, wrong.sql);
                bool rejected = !v.pass && !v.lessonError;
                if (!rejected) ++failures;
                entry["wrongAnswers"].push_back({{"label", wrong.label}, {"rejected", rejected}, {"feedback", v.feedback}});
            }
            entry["acceptedAnswers"] = json::array();
            for (const SampleAnswer& right : step.acceptedAnswers) {
                Verdict v = grade(db, lesson, s, right.sql);
                if (!v.pass) ++failures;
                json answer = {{"label", right.label}, {"passes", v.pass}};
                if (!v.pass) answer["feedback"] = v.feedback;
                entry["acceptedAnswers"].push_back(answer);
            }
            report.push_back(entry);
        }
    }
    writeStdout(json{{"ok", failures == 0}, {"failures", failures}, {"steps", report}}.dump(2) + "\n");
    return failures == 0 ? 0 : 1;
}

int checkOne(const std::string& lessonId, const std::string& stepText, const std::string& file) {
    char* end = nullptr;
    long step = std::strtol(stepText.c_str(), &end, 10);
    if (!end || *end || step < 1) {
        std::fprintf(stderr, "lesson-check: STEP must be a number from 1, not '%s'\n", stepText.c_str());
        return 2;
    }
    LessonCatalog catalog = loadLessonDirectory(lessonsDir());
    const Lesson* lesson = catalog.find(lessonId);
    if (!lesson) {
        std::fprintf(stderr, "lesson-check: no lesson '%s' (see --list)\n", lessonId.c_str());
        return 2;
    }
    if (static_cast<size_t>(step) > lesson->steps.size()) {
        std::fprintf(stderr, "lesson-check: lesson '%s' has %zu steps\n", lessonId.c_str(), lesson->steps.size());
        return 2;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "lesson-check: cannot read %s\n", file.c_str());
        return 2;
    }
    std::stringstream sql;
    sql << in.rdbuf();
    NodeDatabase db = openNodeDatabase();
    if (db.status().state != DatabaseState::Ready) {
        std::cerr << db.status().message << std::endl;
        return 2;
    }
    Verdict verdict = grade(db, *lesson, static_cast<size_t>(step - 1), sql.str());
    json out = verdictJson(verdict);
    out["lesson"] = lesson->id;
    out["step"] = step;
    writeStdout(out.dump(2) + "\n");
    return verdict.pass ? 0 : 1;
}

int run(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == "--list") return list();
    if (argc == 2 && std::string(argv[1]) == "--verify") return verify("");
    if (argc == 3 && std::string(argv[1]) == "--verify") return verify(argv[2]);
    if (argc == 4) return checkOne(argv[1], argv[2], argv[3]);
    return usage();
}

}  // namespace

// exit() explicitly: under ASYNCIFY, main's return value is lost once it has awaited PGlite.
int main(int argc, char** argv) { std::exit(run(argc, argv)); }
