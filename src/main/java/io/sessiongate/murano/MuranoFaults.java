package io.sessiongate.murano;

import io.sessiongate.core.api.ApiError;

/**
 * Murano's refusals with its exact messages (murano/utils.py, murano/api/v1/*.py), in one place. Murano
 * passes most as webob's {@code explanation}; the few it passes as {@code detail} carry {@link #DETAIL} as
 * their code, so {@link MuranoErrorFormat} places them where webob does.
 */
final class MuranoFaults {
  /** Marks an error whose message is webob's detail (after the status's default explanation). */
  static final String DETAIL = "webob-detail";

  private MuranoFaults() {
  }

  static ApiError environmentNotFound(String environmentId) {
    return ApiError.notFound("Environment with id " + environmentId + " not found");
  }

  static ApiError otherTenant() {
    return ApiError.forbidden("User is not authorized to access these tenant resources");
  }

  static ApiError sessionNotFound(String sessionId) {
    return ApiError.notFound("Session <SessionId " + sessionId + "> is not found");
  }

  static ApiError notTied(String sessionId, String environmentId) {
    return ApiError.invalid("Session <SessionId " + sessionId + "> is not tied with Environment <EnvId "
      + environmentId + ">", "header X-Configuration-Session");
  }

  static ApiError otherUsersSession(String userId, String sessionId) {
    return ApiError.unauthorized("User <UserId " + userId + "> is not authorized to access session <SessionId "
      + sessionId + ">.");
  }

  static ApiError invalidSession(String sessionId) {
    return ApiError.forbidden("Session <SessionId " + sessionId + "> is invalid: environment has been updated or "
      + "updating right now with other session");
  }

  static ApiError deployingCannotBeDeleted(String sessionId) {
    return ApiError.forbidden("Session <SessionId: " + sessionId + "> is in deploying state and could not be deleted");
  }

  static ApiError alreadyDeployed(String sessionId) {
    return ApiError.forbidden("Session <SessionId " + sessionId + "> is already deployed or deployment is in progress");
  }

  static ApiError cannotOpenSession(String environmentId) {
    return ApiError.forbidden("Could not open session for environment <EnvId: " + environmentId + ">, environment "
      + "has deploying or deleting status.");
  }

  static ApiError sessionHeaderMissing() {
    return ApiError.invalid("X-Configuration-Session header which indicates to the session is missed",
      "header X-Configuration-Session");
  }

  static ApiError inDeployment(String sessionId) {
    return ApiError.forbidden("Session <SessionId " + sessionId + "> is already in deployment state");
  }

  /** The draft of a session deploying a deletion has no object model to change. */
  static ApiError environmentGone(String environmentId) {
    return ApiError.notFound("Environment <EnvId " + environmentId + "> is not found");
  }

  /** Murano's bare {@code raise exc.HTTPNotFound}: webob's default text, no detail. */
  static ApiError bareNotFound() {
    return ApiError.notFound("").withCode(DETAIL);
  }

  static ApiError emptyServiceBody() {
    return ApiError.invalid("Request body is empty: please, provide application object model", "/").withCode(DETAIL);
  }

  static ApiError nameMissing() {
    return ApiError.invalid("Please, specify a name of the environment to create", "/name");
  }

  static ApiError nameBlank() {
    return ApiError.invalid("Environment name must contain at least one non-white space symbol", "/name");
  }

  static ApiError nameTooLong() {
    return ApiError.invalid("Environment name should be 255 characters maximum", "/name");
  }

  static ApiError nameTaken() {
    return ApiError.conflict("Environment with specified name already exists");
  }

  /** Murano's bare {@code raise exc.HTTPBadRequest}: webob's default text, no detail. */
  static ApiError bareBadRequest(String location) {
    return ApiError.invalid("", location).withCode(DETAIL);
  }

  // --- deployments and reports (the report intake is the gateway's own: Murano's engine reports over its queue)

  static ApiError deploymentNotFound(String deploymentId) {
    return ApiError.notFound("Deployment with id " + deploymentId + " not found");
  }

  static ApiError reportSecretMismatch(String deploymentId) {
    return ApiError.forbidden("The report secret does not match deployment " + deploymentId);
  }

  static ApiError deploymentFinished(String deploymentId) {
    return ApiError.conflict("Deployment " + deploymentId + " has finished: it takes no more reports");
  }

  static ApiError badTimestamp(String timestamp) {
    return ApiError.invalid("The report timestamp '" + timestamp + "' is not an ISO 8601 date and time", "/timestamp");
  }

  static ApiError emptyModelPatch() {
    return ApiError.invalid("Request body is empty: please, provide environment object model patch", "/")
      .withCode(DETAIL);
  }

  // --- environment templates (murano/api/v1/templates.py, template_applications.py, murano/utils.py)

  /** _validate_exists. */
  static ApiError templateNotFound(String templateId) {
    return ApiError.notFound("EnvTemplate <TempId " + templateId + "> is not found");
  }

  /** _validate_request and clone of a private template. */
  static ApiError templateNoAccess() {
    return ApiError.forbidden("User has no access to these resources.");
  }

  /** verify_env_template (the template's applications). */
  static ApiError templateWithIdNotFound(String templateId) {
    return ApiError.notFound("Environment Template with id " + templateId + " not found");
  }

  /** verify_env_template: another tenant's template, public or not. */
  static ApiError templateOtherTenant() {
    return ApiError.forbidden("User is not authorized to access this tenant resources");
  }

  static ApiError templateNameMissing() {
    return ApiError.invalid("Please, specify a name of the environment template.", "/name");
  }

  static ApiError templateNameTooLong() {
    return ApiError.invalid("Environment template name should be 255 characters maximum", "/name");
  }

  /** Murano's HTTPConflict(msg) on create: the text is webob's detail. */
  static ApiError templateNameTaken() {
    return ApiError.conflict("Env Template with specified name already exists").withCode(DETAIL);
  }

  static ApiError cloneNameTaken() {
    return ApiError.conflict("Env template with specified name already exists");
  }

  static ApiError templateBodyIncorrect() {
    return ApiError.invalid("EnvTemplate body is incorrect", "/name").withCode(DETAIL);
  }

  /** TraverseHelper found nothing at the service path (get_template_data). */
  static ApiError templateServiceNotFound(String templateId) {
    return ApiError.notFound("Environment Template <EnvId " + templateId + "> is not found");
  }

  /** A KeyError/ValueError in the applications controller: HTTPNotFound(msg), the text as detail. */
  static ApiError templateDoesNotExist(String templateId) {
    return ApiError.notFound("The template does not exist " + templateId).withCode(DETAIL);
  }
}
