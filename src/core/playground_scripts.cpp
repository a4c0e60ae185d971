// The Playground's sandbox scripts: the editor's named tabs outside lessons (see playground.h
// and sandbox_scripts.h). Every change is announced with onScriptsChanged; the page stores
// scriptsJson() a moment later, so typing is not slowed by a write per keystroke.
#include "playground.h"

#include <algorithm>

namespace pgplay {

void Playground::scriptsChanged() {
    if (!options_.embed && onScriptsChanged) onScriptsChanged();   // an embed keeps nothing
}

void Playground::loadSavedScripts(const std::string& json, bool linkIsForLesson) {
    if (options_.embed) return;
    std::string problem;
    if (!json.empty() && !scripts_.load(json, problem)) setNotice(problem, true);
    // A link's SQL (?sql=, a shared link) opens in a tab of its own, or in the one that holds it
    // already: the learner's scripts are never overwritten by a link. SQL that came with a
    // lesson step is the step's business (maybeOpenPendingLesson).
    const std::string& fromLink = linkIsForLesson ? std::string() : options_.initialSql;
    bool changed = false;   // only a change is stored: another tab of pgplay may be saving its own
    if (!fromLink.empty()) {
        const auto& list = scripts_.scripts();
        const auto same = std::find_if(list.begin(), list.end(), [&](const SandboxScript& s) { return s.text == fromLink; });
        if (same != list.end()) {
            changed = scripts_.active() != static_cast<size_t>(same - list.begin());
            scripts_.select(static_cast<size_t>(same - list.begin()));
        } else if (list.size() == 1 && scripts_.activeText().empty()) {
            scripts_.setActiveText(fromLink);
            changed = true;
        } else if (scripts_.add(fromLink, "From a link")) {
            changed = true;
        } else {
            setNotice("You have as many scripts as pgplay keeps, so the link's SQL was not opened. Close a script and open "
                      "the link again.", true);
        }
    }
    if (!lesson_.isOpen()) setEditorText(scripts_.activeText(), false, true);
    if (changed) scriptsChanged();
}

void Playground::syncScripts(const std::string& json) {
    if (options_.embed) return;
    SandboxScripts incoming;
    std::string problem;
    if (!incoming.load(json, problem)) return;   // not ours to judge: the other tab reports its own
    const std::string activeName = scripts_.scripts()[scripts_.active()].name;
    const auto& list = incoming.scripts();
    const auto same = std::find_if(list.begin(), list.end(), [&](const SandboxScript& s) { return s.name == activeName; });
    incoming.select(same != list.end() ? static_cast<size_t>(same - list.begin()) : std::min(scripts_.active(), list.size() - 1));
    scripts_ = std::move(incoming);
    // Not announced: storing it again would only echo it back to the other tab.
    // (setEditorText announces nothing here: the script already holds the text it shows.)
    if (!lesson_.isOpen() && editorText_ != scripts_.activeText()) setEditorText(scripts_.activeText(), false, true);
}

void Playground::selectScript(size_t index) {
    if (lesson_.isOpen() || index >= scripts_.scripts().size() || index == scripts_.active()) return;
    scripts_.setActiveText(editorText_);
    scripts_.select(index);
    setEditorText(scripts_.activeText(), true, true);
    scriptsChanged();
}

void Playground::addScript() {
    if (lesson_.isOpen()) return;
    scripts_.setActiveText(editorText_);
    if (!scripts_.add()) {
        setNotice("pgplay keeps up to " + std::to_string(SandboxScripts::kMaxScripts) +
                      " scripts. Close one (download it first if you need it) to start another.",
                  true);
        return;
    }
    setEditorText(scripts_.activeText(), true, true);
    scriptsChanged();
}

void Playground::renameScript(size_t index, const std::string& name) {
    if (scripts_.rename(index, name)) scriptsChanged();
}

void Playground::closeScript(size_t index) {
    if (lesson_.isOpen() || index >= scripts_.scripts().size()) return;
    scripts_.setActiveText(editorText_);
    const bool wasActive = index == scripts_.active();
    scripts_.close(index);
    if (wasActive || scripts_.scripts().size() == 1) setEditorText(scripts_.activeText(), true, true);
    scriptsChanged();
}

void Playground::downloadScript(size_t index) {
    if (index >= scripts_.scripts().size() || !onDownloadScript) return;
    if (index == scripts_.active() && !lesson_.isOpen()) scripts_.setActiveText(editorText_);
    onDownloadScript(scripts_.fileName(index), scripts_.scripts()[index].text);
}

void Playground::openScriptFile(const std::string& fileName, const std::string& text) {
    if (lesson_.isOpen()) closeLesson();   // a file dropped during a lesson opens in the sandbox
    std::string name = fileName;
    const size_t slash = name.find_last_of("/\\");
    if (slash != std::string::npos) name.erase(0, slash + 1);
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".sql") == 0) name.resize(name.size() - 4);
    scripts_.setActiveText(editorText_);
    // An empty, untouched script is reused rather than left behind as a blank tab.
    if (scripts_.activeText().empty()) {
        scripts_.setActiveText(text);
        scripts_.rename(scripts_.active(), name);
    } else if (!scripts_.add(text, name)) {
        setNotice("pgplay keeps up to " + std::to_string(SandboxScripts::kMaxScripts) + " scripts. Close one to open this file.", true);
        return;
    }
    setEditorText(scripts_.activeText(), true, true);
    scriptsChanged();
}

void Playground::requestScriptFile() {
    if (onPickScriptFile) onPickScriptFile();
}

}  // namespace pgplay
