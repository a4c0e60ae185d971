#include "quick_check.h"

#include <algorithm>

#include "sql_script.h"
#include "text_util.h"

namespace pgplay {

std::string normalizedAnswer(std::string_view text) {
    std::vector<std::string> words;
    for (const Token& t : tokenizeSql(text)) {
        if (t.kind == TokenKind::Whitespace || t.kind == TokenKind::Comment) continue;
        std::string word(text.substr(t.offset, t.length));
        // Keywords and unquoted names fold to lower case as PostgreSQL folds them; strings,
        // quoted names and operators stay as written.
        if (t.kind == TokenKind::Keyword || (t.kind == TokenKind::Identifier && word[0] != '"')) word = lower(word);
        words.push_back(std::move(word));
    }
    while (!words.empty() && words.back() == ";") words.pop_back();
    std::string out;
    for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

namespace {

QuestionVerdict gradeChoices(const Question& q, const QuestionAnswer& a) {
    QuestionVerdict v;
    std::vector<size_t> chosen;
    for (size_t i : a.chosen)
        if (i < q.options.size() && std::find(chosen.begin(), chosen.end(), i) == chosen.end()) chosen.push_back(i);
    std::sort(chosen.begin(), chosen.end());
    if (chosen.empty()) {
        v.empty = true;
        v.feedback = q.correctCount() > 1 ? "Pick every answer that is right." : "Pick an answer.";
        return v;
    }
    size_t rightPicked = 0;
    std::string whyNot;
    for (size_t i : chosen) {
        const QuestionOption& o = q.options[i];
        if (o.correct) {
            ++rightPicked;
        } else {
            whyNot += "**" + o.text + "**: " + (o.why.empty() ? std::string("not this one.") : o.why) + "\n\n";
        }
    }
    const size_t correct = q.correctCount();
    v.right = whyNot.empty() && rightPicked == correct;
    if (v.right) {
        v.feedback = q.explanation.empty() ? "Right." : "Right. " + q.explanation;
        return v;
    }
    v.feedback = whyNot;
    if (rightPicked < correct)
        v.feedback += correct > 1 ? "Not all of the right answers are picked: more than one is right."
                                  : "The right answer is still to be picked.";
    while (!v.feedback.empty() && v.feedback.back() == '\n') v.feedback.pop_back();
    return v;
}

QuestionVerdict gradeTyped(const Question& q, const QuestionAnswer& a) {
    QuestionVerdict v;
    const std::string mine = normalizedAnswer(a.typed);
    if (mine.empty()) {
        v.empty = true;
        v.feedback = "Type an answer.";
        return v;
    }
    for (const std::string& accepted : q.answers) {
        if (normalizedAnswer(accepted) == mine) {
            v.right = true;
            v.feedback = q.explanation.empty() ? "Right." : "Right. " + q.explanation;
            return v;
        }
    }
    v.feedback = "Not quite. Try again, or show the answer.";
    return v;
}

}  // namespace

QuestionVerdict gradeQuestion(const Question& question, const QuestionAnswer& answer) {
    return question.multipleChoice() ? gradeChoices(question, answer) : gradeTyped(question, answer);
}

}  // namespace pgplay
