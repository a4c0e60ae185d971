#include "plan_json_parser.h"

#include <nlohmann/json.hpp>

#include "plan_properties.h"
#include "psql_output.h"

namespace pgplay {

namespace {

// ordered_json keeps each node's properties in the order PostgreSQL wrote them.
using json = nlohmann::ordered_json;

// Each plan level is two levels of JSON (the "Plans" list and the node object); a few more for
// the wrapper, "Workers" and the like.
constexpr size_t kMaxJsonNesting = 2 * kMaxPlanDepth + 16;

// nlohmann's own document builder, with two changes: it stops at kMaxJsonNesting, so a hostile
// document cannot make anything later recurse deeply; and a syntax error is kept as text
// instead of thrown (the web build cannot catch exceptions).
class BoundedDocumentBuilder {
public:
    explicit BoundedDocumentBuilder(json& root) : dom_(root, false) {}

    bool null() { return dom_.null(); }
    bool boolean(bool value) { return dom_.boolean(value); }
    bool number_integer(json::number_integer_t value) { return dom_.number_integer(value); }
    bool number_unsigned(json::number_unsigned_t value) { return dom_.number_unsigned(value); }
    bool number_float(json::number_float_t value, const json::string_t& text) { return dom_.number_float(value, text); }
    bool string(json::string_t& value) { return dom_.string(value); }
    bool binary(json::binary_t& value) { return dom_.binary(value); }
    bool key(json::string_t& value) { return dom_.key(value); }
    bool start_object(std::size_t size) { return deeper() && dom_.start_object(size); }
    bool end_object() {
        --depth_;
        return dom_.end_object();
    }
    bool start_array(std::size_t size) { return deeper() && dom_.start_array(size); }
    bool end_array() {
        --depth_;
        return dom_.end_array();
    }
    bool parse_error(std::size_t, const std::string&, const json::exception& e) {
        // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." without the tag.
        error_ = e.what();
        if (const size_t tagEnd = error_.find("] "); !error_.empty() && error_[0] == '[' && tagEnd != std::string::npos)
            error_.erase(0, tagEnd + 2);
        return false;
    }

    const std::string& error() const { return error_; }

private:
    bool deeper() {
        if (++depth_ <= kMaxJsonNesting) return true;
        error_ = "it is nested more than " + std::to_string(kMaxJsonNesting) + " levels deep, deeper than any real plan";
        return false;
    }

    nlohmann::detail::json_sax_dom_parser<json> dom_;
    size_t depth_ = 0;
    std::string error_;
};

const char* describeType(const json& v) {
    if (v.is_string()) return "text";
    if (v.is_number()) return "a number";
    if (v.is_boolean()) return "true/false";
    if (v.is_array()) return "a list";
    if (v.is_object()) return "an object";
    return "null";
}

PlanParseResult failure(std::string error) {
    PlanParseResult r;
    r.error = std::move(error);
    return r;
}

// The plan tree below `root`, in EXPLAIN's order. Walked with a stack of its own rather than by
// recursion, so the depth of the document never matters to the C++ stack.
std::string readNodes(const json& root, Plan& plan) {
    struct Pending {
        const json* object;
        int parent;
        int depth;
    };
    std::vector<Pending> pending = {{&root, -1, 0}};
    while (!pending.empty()) {
        const Pending p = pending.back();
        pending.pop_back();
        const int index = static_cast<int>(plan.nodes.size());
        std::string where = "Plan node " + std::to_string(index + 1);
        if (!p.object->is_object()) return where + " should be an object, not " + describeType(*p.object) + ".";
        if (p.depth > kMaxPlanDepth)
            return "The plan is nested more than " + std::to_string(kMaxPlanDepth) + " levels deep, deeper than any real plan.";

        PlanNode node;
        node.parent = p.parent;
        node.depth = p.depth;
        const auto type = p.object->find("Node Type");
        if (type == p.object->end() || !type->is_string() || type->get_ref<const std::string&>().empty())
            return where + " has no \"Node Type\".";
        where += " (" + type->get<std::string>() + ")";

        const json* children = nullptr;
        for (const auto& [key, value] : p.object->items()) {
            if (key == "Plans") {
                if (!value.is_array()) return where + ": \"Plans\" should be a list, not " + describeType(value) + ".";
                children = &value;
                continue;
            }
            if (key == "Workers") {
                if (!value.is_array()) return where + ": \"Workers\" should be a list, not " + describeType(value) + ".";
                for (const json& item : value) {
                    if (!item.is_object()) return where + ": \"Workers\" should hold objects, not " + describeType(item) + ".";
                    PlanWorker worker;
                    for (const auto& [workerKey, workerValue] : item.items()) {
                        const std::string error = applyWorkerProperty(worker, workerKey, workerValue);
                        if (!error.empty()) return where + ": a worker's \"" + workerKey + "\" " + error + ".";
                    }
                    node.workers.push_back(std::move(worker));
                }
                continue;
            }
            const std::string error = applyNodeProperty(node, key, value);
            if (!error.empty()) return where + ": \"" + key + "\" " + error + ".";
        }
        plan.nodes.push_back(std::move(node));
        if (p.parent >= 0) plan.nodes[p.parent].children.push_back(index);
        if (children)
            for (auto it = children->rbegin(); it != children->rend(); ++it) pending.push_back({&*it, index, p.depth + 1});
    }
    return {};
}

}  // namespace

PlanParseResult planFromExplainJson(const json& document) {
    PlanParseResult result;
    const json* query = &document;
    // Some tools export the result with its column name: [{"QUERY PLAN": [...]}].
    for (int unwrap = 0; unwrap < 3; ++unwrap) {
        if (query->is_array()) {
            if (query->empty()) return failure("The JSON is an empty list, not a plan.");
            if (query->size() > 1)
                result.warnings.push_back("The JSON holds " + std::to_string(query->size()) + " plans; only the first is shown.");
            query = &query->front();
        } else if (query->is_object() && !query->contains("Plan") && query->contains("QUERY PLAN")) {
            query = &(*query)["QUERY PLAN"];
        } else {
            break;
        }
    }
    if (!query->is_object())
        return failure(std::string("The JSON should hold an object with a \"Plan\", not ") + describeType(*query) + ".");

    Plan plan;
    const json* root = query;
    if (const auto it = query->find("Plan"); it != query->end()) {
        root = &*it;
        for (const auto& [key, value] : query->items()) {
            if (key == "Plan") continue;
            const std::string error = applyPlanProperty(plan, key, value);
            if (!error.empty()) return failure("\"" + key + "\" " + error + ".");
        }
    } else if (!query->contains("Node Type")) {
        return failure("The JSON has no \"Plan\"; is it the output of EXPLAIN (FORMAT JSON)?");
    }
    if (std::string error = readNodes(*root, plan); !error.empty()) return failure(std::move(error));
    finishPlan(plan);
    result.plan = std::move(plan);
    return result;
}

PlanParseResult parseJsonPlan(std::string_view text) {
    std::string undecorated;
    size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return failure("The plan is empty.");
    if (text[start] != '[' && text[start] != '{') {
        undecorated = stripPsqlDecoration(text);
        text = undecorated;
        start = text.find_first_not_of(" \t\r\n");
        if (start == std::string_view::npos || (text[start] != '[' && text[start] != '{'))
            return failure("This is not the output of EXPLAIN (FORMAT JSON): that starts with [ or {.");
    }
    json document;
    BoundedDocumentBuilder builder(document);
    const bool parsed = json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json, true);
    if (!parsed || !builder.error().empty()) {
        const std::string why = builder.error().empty() ? std::string("it could not be read") : builder.error();
        return failure("The plan is not valid JSON: " + why + ".");
    }
    return planFromExplainJson(document);
}

}  // namespace pgplay
