#include "pg_dump_command.h"

#include <algorithm>

#include "text_util.h"

namespace pgplay {

namespace {

// Shell-like words: spaces separate, '...' and "..." quote (so -t '"Order"' keeps its quotes
// inside), a backslash escapes one character outside single quotes.
std::optional<std::vector<std::string>> shellWords(std::string_view text, std::string& error) {
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (inWord) words.push_back(std::move(word)), word.clear(), inWord = false;
        } else if (c == '\'' || c == '"') {
            const size_t close = text.find(c, i + 1);
            if (close == std::string_view::npos) {
                error = std::string("a ") + (c == '\'' ? "single" : "double") + " quote is not closed";
                return std::nullopt;
            }
            word.append(text.substr(i + 1, close - i - 1));
            i = close;
            inWord = true;
        } else if (c == '\\' && i + 1 < text.size()) {
            word += text[++i];
            inWord = true;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord) words.push_back(std::move(word));
    return words;
}

struct Option {
    const char* shortName;   // "-t", or "" when none
    const char* longName;    // "--table"
    bool takesValue;
    bool ignored;            // a psql habit: accepted, no effect
};

const Option kOptions[] = {
    {"-t", "--table", true, false},          {"-T", "--exclude-table", true, false},
    {"", "--exclude-table-data", true, false}, {"-n", "--schema", true, false},
    {"-N", "--exclude-schema", true, false}, {"-s", "--schema-only", false, false},
    {"-a", "--data-only", false, false},     {"-c", "--clean", false, false},
    {"", "--if-exists", false, false},       {"", "--inserts", false, false},
    {"", "--column-inserts", false, false},  {"", "--rows-per-insert", true, false},
    {"-O", "--no-owner", false, false},      {"-x", "--no-privileges", false, false},
    {"", "--no-acl", false, false},          {"", "--no-comments", false, false},
    {"-d", "--dbname", true, true},          {"-f", "--file", true, true},
    {"-U", "--username", true, true},        {"-w", "--no-password", false, true},
    {"-F", "--format", true, false},         {"-v", "--verbose", false, true},
};

const char* const kAvailable =
    "--table, --exclude-table, --exclude-table-data, --schema, --exclude-schema, --schema-only, --data-only, "
    "--clean, --if-exists, --inserts, --column-inserts, --rows-per-insert, --no-owner, --no-privileges, --no-comments";

}  // namespace

bool isPgDumpCommand(std::string_view text) {
    const std::string_view t = trim(text);
    return t.substr(0, 7) == "pg_dump" && (t.size() == 7 || t[7] == ' ' || t[7] == '\t' || t[7] == '\n' || t[7] == '\r');
}

PgDumpCommand parsePgDumpCommand(std::string_view text) {
    PgDumpCommand out;
    std::string_view line = trim(text);
    while (!line.empty() && line.back() == ';') line = trim(line.substr(0, line.size() - 1));   // SQL habit
    if (line.find('\n') != std::string_view::npos) {
        out.error = "write the pg_dump command on one line";
        return out;
    }
    std::optional<std::vector<std::string>> words = shellWords(line, out.error);
    if (!words) return out;
    size_t i = 0;
    if (i < words->size() && (*words)[i] == "pg_dump") ++i;
    bool sawDatabase = false;
    for (; i < words->size(); ++i) {
        std::string word = (*words)[i];
        if (word == ">" || word == ">>") {   // an output file: the dump is shown instead
            ++i;
            continue;
        }
        if (word.rfind(">", 0) == 0) continue;
        if (word.empty() || word[0] != '-' || word == "-") {
            if (sawDatabase) {
                out.error = "pg_dump takes one database name; \"" + word + "\" is one too many";
                return out;
            }
            sawDatabase = true;   // `pg_dump shop`: there is one database, the one the editor uses
            continue;
        }
        std::string name = word, value;
        bool hasValue = false;
        if (word.rfind("--", 0) == 0) {
            const size_t eq = word.find('=');
            if (eq != std::string::npos) name = word.substr(0, eq), value = word.substr(eq + 1), hasValue = true;
        } else if (word.size() > 2) {   // -torders
            name = word.substr(0, 2), value = word.substr(2), hasValue = true;
        }
        const Option* option = nullptr;
        for (const Option& o : kOptions)
            if (name == o.longName || (*o.shortName && name == o.shortName)) option = &o;
        if (!option) {
            if (name == "-C" || name == "--create")
                out.error = "--create is not available here: there is one database, and the dump restores into it";
            else if (name == "-j" || name == "--jobs")
                out.error = "--jobs is not available here: pg_dump runs in one process beside PostgreSQL";
            else
                out.error = "pg_dump's " + name + " is not available here; these are: " + kAvailable;
            return out;
        }
        if (option->takesValue && !hasValue) {
            if (i + 1 >= words->size()) {
                out.error = std::string(option->longName) + " needs a value (" + option->longName + "=...)";
                return out;
            }
            value = (*words)[++i];
        } else if (!option->takesValue && hasValue) {
            out.error = std::string(option->longName) + " takes no value";
            return out;
        }
        const std::string longName = option->longName;
        if (longName == "--format") {
            if (value != "p" && value != "plain") {
                out.error = "only the plain format is available here (--format=plain, the default): the dump is SQL "
                            "you can read and run";
                return out;
            }
            continue;
        }
        if (option->ignored) continue;
        if (longName == "--rows-per-insert" &&
            (value.empty() || value.size() > 6 || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
             value == "0")) {
            out.error = "--rows-per-insert takes a number of rows, such as --rows-per-insert=100";
            return out;
        }
        if (option->takesValue && value.empty()) {
            out.error = longName + " needs a value";
            return out;
        }
        out.args.push_back(option->takesValue ? longName + "=" + value : longName);
    }
    const bool schemaOnly = std::find(out.args.begin(), out.args.end(), "--schema-only") != out.args.end();
    const bool dataOnly = std::find(out.args.begin(), out.args.end(), "--data-only") != out.args.end();
    if (schemaOnly && dataOnly) out.error = "--schema-only and --data-only cannot go together";
    return out;
}

QueryResult pgDumpResult(std::string_view dump, double ms) {
    QueryResult result;
    StatementResult s;
    s.command = s.tag = "PG_DUMP";
    s.hasRowSet = true;
    s.rowCount = 1;
    s.fields.push_back(Field{"pg_dump", 25, "text"});   // 25: text's type oid
    s.rows.reset(1);
    s.rows.addCell(dump);
    result.results.push_back(std::move(s));
    result.ms = ms;
    return result;
}

std::string restorableDump(std::string_view dump) {
    std::string out;
    out.reserve(dump.size());
    const std::vector<size_t> starts = lineStarts(dump);
    for (size_t i = 0; i < starts.size(); ++i) {
        const std::string_view line = lineText(dump, starts, i);
        // psql's own commands, not SQL (a value's line inside a string may start with a backslash
        // too, so only these are dropped)
        if (line.rfind("\\restrict ", 0) == 0 || line.rfind("\\unrestrict ", 0) == 0 || line.rfind("\\connect ", 0) == 0)
            continue;
        out.append(line);
        out += '\n';
    }
    return out;
}

}  // namespace pgplay
