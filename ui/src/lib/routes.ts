// Hash routes: #/today, #/services, #/services/3, #/services/new, #/services/3/edit,
// #/services/from-policy, #/services/3/from-policy,
// #/new?service=3, #/requests, #/requests/5, #/profile, #/settings.

export type Route =
  | { name: "today" }
  | { name: "services" }
  | { name: "service"; id: number }
  | { name: "service-new" }
  | { name: "service-edit"; id: number }
  | { name: "service-from-policy"; id: number | null }
  | { name: "new"; serviceIds: number[] }
  | { name: "requests" }
  | { name: "request"; id: number }
  | { name: "profile" }
  | { name: "settings" };

export function parseRoute(hash: string): Route {
  const [path = "", query = ""] = hash.replace(/^#\/?/, "").split("?");
  const parts = path.split("/").filter(Boolean);
  const id = Number(parts[1]);
  const params = new URLSearchParams(query);
  switch (parts[0]) {
    case "services":
      if (parts[1] === "new") return { name: "service-new" };
      if (parts[1] === "from-policy") return { name: "service-from-policy", id: null };
      if (Number.isInteger(id) && id > 0) {
        if (parts[2] === "edit") return { name: "service-edit", id };
        if (parts[2] === "from-policy") return { name: "service-from-policy", id };
        return { name: "service", id };
      }
      return { name: "services" };
    case "new":
      return { name: "new", serviceIds: (params.get("service") ?? "").split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0) };
    case "requests":
      return Number.isInteger(id) && id > 0 ? { name: "request", id } : { name: "requests" };
    case "profile":
      return { name: "profile" };
    case "settings":
      return { name: "settings" };
    default:
      return { name: "today" };
  }
}

export function href(route: Route): string {
  switch (route.name) {
    case "service":
      return `#/services/${route.id}`;
    case "service-new":
      return "#/services/new";
    case "service-edit":
      return `#/services/${route.id}/edit`;
    case "service-from-policy":
      return route.id === null ? "#/services/from-policy" : `#/services/${route.id}/from-policy`;
    case "new":
      return route.serviceIds.length ? `#/new?service=${route.serviceIds.join(",")}` : "#/new";
    case "request":
      return `#/requests/${route.id}`;
    default:
      return `#/${route.name}`;
  }
}
