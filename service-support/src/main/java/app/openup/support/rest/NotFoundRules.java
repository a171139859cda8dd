package app.openup.support.rest;

import java.util.Set;

/**
 * The rules of a service whose refusal would reveal that something exists (not a member, a draft
 * that is private): the problem mapper answers them as 404, never 409. A service provides one bean.
 */
public interface NotFoundRules {

  Set<String> ruleNames();
}
