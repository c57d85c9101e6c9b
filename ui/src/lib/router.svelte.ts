// The current route, as Svelte state that follows the location's hash.
import { href, parseRoute, type Route } from "./routes";

export { href, parseRoute, type Route } from "./routes";

class Router {
  route = $state<Route>(parseRoute(typeof location === "undefined" ? "" : location.hash));
  constructor() {
    if (typeof window !== "undefined") {
      window.addEventListener("hashchange", () => (this.route = parseRoute(location.hash)));
    }
  }
  go(route: Route): void {
    location.hash = href(route);
  }
}

export const router = new Router();
