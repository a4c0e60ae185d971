// The sandbox's named scripts: the model's rules, its storage format, and the playground keeping
// the editor, the tabs and the lessons apart.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/playground.h"
#include "core/sandbox_scripts.h"
#include "fake_database.h"

using namespace pgplay;

TEST_CASE("Scripts keep unique, non-empty names and at least one script", "[scripts]") {
    SandboxScripts s;
    REQUIRE(s.scripts().size() == 1);
    CHECK(s.scripts()[0].name == "Script 1");
    CHECK(s.add("SELECT 1"));
    CHECK(s.scripts()[1].name == "Script 2");
    CHECK(s.active() == 1);
    CHECK(s.add("", "Script 2"));
    CHECK(s.scripts()[2].name == "Script 2 (2)");
    CHECK_FALSE(s.rename(0, "   "));
    CHECK(s.rename(0, "  orders\n report "));
    CHECK(s.scripts()[0].name == "orders  report");
    CHECK(s.rename(1, "orders  report"));
    CHECK(s.scripts()[1].name == "orders  report (2)");
    CHECK(s.rename(2, std::string(200, 'x')));
    CHECK(s.scripts()[2].name.size() == SandboxScripts::kMaxNameBytes);

    // Closing the active script makes its right-hand neighbour (or the new last) active.
    s.select(1);
    s.close(1);
    CHECK(s.scripts().size() == 2);
    CHECK(s.active() == 1);
    s.close(1);
    CHECK(s.active() == 0);
    // The last one is emptied, never removed.
    s.setActiveText("SELECT 2");
    s.close(0);
    REQUIRE(s.scripts().size() == 1);
    CHECK(s.activeText().empty());

    for (size_t i = 1; i < SandboxScripts::kMaxScripts; ++i) CHECK(s.add());
    CHECK_FALSE(s.add());
}

TEST_CASE("Scripts round-trip through their JSON and refuse what is not theirs", "[scripts]") {
    SandboxScripts s;
    s.setActiveText("SELECT 'ü';\n");
    s.add("CREATE TABLE t (n int);", "setup");
    s.select(0);
    SandboxScripts back;
    std::string problem;
    REQUIRE(back.load(s.toJson(), problem));
    REQUIRE(back.scripts().size() == 2);
    CHECK(back.scripts()[0].text == "SELECT 'ü';\n");
    CHECK(back.scripts()[1].name == "setup");
    CHECK(back.active() == 0);

    for (const char* bad : {"", "nonsense", "[1,2]", "{\"scripts\":[]}", "{\"version\":1}", "{\"version\":1,\"scripts\":[]}"}) {
        INFO(bad);
        SandboxScripts t;
        t.setActiveText("mine");
        CHECK_FALSE(t.load(bad, problem));
        CHECK_FALSE(problem.empty());
        CHECK(t.activeText() == "mine");   // nothing lost
    }
    CHECK_FALSE(back.load("{\"version\":2,\"scripts\":[{\"name\":\"a\",\"text\":\"b\"}]}", problem));
    CHECK(problem.find("newer pgplay") != std::string::npos);

    // Odd documents are made sound: blank or duplicate names, an active index out of range.
    REQUIRE(back.load(R"({"version":1,"active":7,"scripts":[{"name":"","text":"a"},{"name":"x"},{"name":"x","text":"c"},5]})", problem));
    REQUIRE(back.scripts().size() == 3);
    CHECK(back.scripts()[0].name == "Script 1");
    CHECK(back.scripts()[1].text.empty());
    CHECK(back.scripts()[2].name == "x (2)");
    CHECK(back.active() == 2);
}

TEST_CASE("Scripts download under a safe file name and say when they outgrow storage", "[scripts]") {
    SandboxScripts s;
    CHECK(s.fileName(0) == "Script-1.sql");
    s.rename(0, "../etc/passwd: orders?");
    CHECK(s.fileName(0) == "etc-passwd--orders.sql");
    s.rename(0, "Übersicht");
    CHECK(s.fileName(0) == "Übersicht.sql");
    s.rename(0, "///");
    CHECK(s.fileName(0) == "script.sql");
    CHECK(s.fitsStorage());
    s.setActiveText(std::string(SandboxScripts::kMaxSavedBytes + 1, 'x'));
    CHECK_FALSE(s.fitsStorage());
}

namespace {

struct ScriptsFixture {
    explicit ScriptsFixture(PlaygroundOptions options = {})
        : model(PlaygroundDatabases{db, db, nullptr}, std::move(options), [] { return 0.0; }) {
        db.state.state = DatabaseState::Ready;
        model.onScriptsChanged = [this] { ++changes; };
        model.onDownloadScript = [this](const std::string& name, const std::string& text) { downloads.emplace_back(name, text); };
    }
    std::string editorText() {
        EditorRequests r = model.takeEditorRequests();
        if (r.setText) shown = *r.setText;
        return shown;
    }
    pgtest::FakeDatabase db;
    Playground model;
    int changes = 0;
    std::string shown;
    std::vector<std::pair<std::string, std::string>> downloads;
};

}  // namespace

TEST_CASE("playground: the editor's text is the active script's, kept across a reload", "[scripts][playground]") {
    std::string stored;
    {
        ScriptsFixture f;
        f.model.loadSavedScripts("", false);
        f.model.editorEdited("SELECT 1");
        CHECK(f.changes >= 1);
        f.model.addScript();
        CHECK(f.editorText().empty());
        CHECK(f.model.takeEditorRequests().newDocument == false);   // taken already
        f.model.editorEdited("SELECT 2");
        f.model.renameScript(1, "second");
        stored = f.model.scriptsJson();
    }
    // A reload: the page hands the stored scripts back.
    ScriptsFixture f;
    f.model.loadSavedScripts(stored, false);
    CHECK(f.changes == 0);   // nothing new to store (another tab may be storing its own)
    REQUIRE(f.model.scripts().scripts().size() == 2);
    CHECK(f.model.scripts().active() == 1);
    CHECK(f.editorText() == "SELECT 2");
    CHECK(f.model.editorText() == "SELECT 2");
    f.model.selectScript(0);
    CHECK(f.editorText() == "SELECT 1");
    f.model.downloadScript(1);
    REQUIRE(f.downloads.size() == 1);
    CHECK(f.downloads[0] == std::make_pair(std::string("second.sql"), std::string("SELECT 2")));
    // Closing the active script shows its neighbour.
    f.model.closeScript(0);
    CHECK(f.editorText() == "SELECT 2");
}

TEST_CASE("playground: a link's SQL opens in a tab of its own and overwrites no script", "[scripts][playground]") {
    SandboxScripts saved;
    saved.setActiveText("my work");
    PlaygroundOptions options;
    options.initialSql = "SELECT 42";
    ScriptsFixture f(options);
    f.model.loadSavedScripts(saved.toJson(), false);
    REQUIRE(f.model.scripts().scripts().size() == 2);
    CHECK(f.model.scripts().scripts()[0].text == "my work");
    CHECK(f.model.scripts().scripts()[1].name == "From a link");
    CHECK(f.editorText() == "SELECT 42");
    // The same link again opens the tab it made, not another.
    ScriptsFixture again(options);
    again.model.loadSavedScripts(f.model.scriptsJson(), false);
    CHECK(again.model.scripts().scripts().size() == 2);
    CHECK(again.model.scripts().active() == 1);
    // SQL that came with a lesson step is not a script.
    ScriptsFixture lesson(options);
    lesson.model.loadSavedScripts(saved.toJson(), true);
    CHECK(lesson.model.scripts().scripts().size() == 1);
}

TEST_CASE("playground: an embed keeps no scripts; a dropped file opens as a script", "[scripts][playground]") {
    PlaygroundOptions embed;
    embed.embed = true;
    ScriptsFixture e(embed);
    e.model.loadSavedScripts("", false);
    e.model.editorEdited("SELECT 1");
    CHECK(e.changes == 0);
    CHECK_FALSE(e.model.scriptsShown());

    ScriptsFixture f;
    f.model.loadSavedScripts("", false);
    f.model.openScriptFile("C:\\dumps\\shop.sql", "CREATE TABLE shop (id int);");
    CHECK(f.model.scripts().scripts().size() == 1);   // the empty first script is reused
    CHECK(f.model.scripts().scripts()[0].name == "shop");
    CHECK(f.editorText() == "CREATE TABLE shop (id int);");
    f.model.openScriptFile("more.sql", "SELECT 1;");
    CHECK(f.model.scripts().scripts().size() == 2);
    CHECK(f.model.scripts().active() == 1);
}

TEST_CASE("playground: another tab's scripts are taken without echoing them back", "[scripts][playground]") {
    ScriptsFixture a, b;
    a.model.loadSavedScripts("", false);
    b.model.loadSavedScripts("", false);
    b.model.addScript();
    b.model.renameScript(1, "mine");
    b.model.editorEdited("SELECT 'b'");
    // Tab a adds a script and types; tab b hears of it.
    a.model.editorEdited("SELECT 'a'");
    a.model.addScript();
    a.model.editorEdited("SELECT 'a2'");
    a.model.renameScript(1, "theirs");
    const int changesBefore = b.changes;
    b.model.syncScripts(a.model.scriptsJson());
    CHECK(b.changes == changesBefore);   // nothing to store: it came from storage
    REQUIRE(b.model.scripts().scripts().size() == 2);
    CHECK(b.model.scripts().scripts()[1].name == "theirs");
    // b's script "mine" is gone from the stored set; b stays on the same place and shows it.
    CHECK(b.model.scripts().active() == 1);
    CHECK(b.editorText() == "SELECT 'a2'");
    b.model.syncScripts("not json");   // ignored
    CHECK(b.model.scripts().scripts().size() == 2);
}
