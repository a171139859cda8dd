package app.openup.support.rest;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whole-number and named-value query parameters ({@code limit}, {@code step}, {@code status}): a
 * value that is not one answers 400 naming the parameter and what it takes, not the 404 that JAX-RS
 * gives a query parameter it cannot convert (as if the resource were missing).
 */
@Provider
public class QueryParameters implements ParamConverterProvider {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> ParamConverter<T> getConverter(
      Class<T> rawType, Type genericType, Annotation[] annotations) {
    String name = null;
    for (Annotation annotation : annotations) {
      if (annotation instanceof QueryParam query) {
        name = query.value();
      }
    }
    if (name == null) {
      return null;
    }
    if (rawType == Integer.class || rawType == int.class) {
      return (ParamConverter<T>) converter(name, Integer::valueOf, "must be a whole number");
    }
    if (rawType.isEnum()) {
      Class<? extends Enum> type = (Class<? extends Enum>) rawType;
      String names =
          Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
      return (ParamConverter<T>)
          converter(name, value -> Enum.valueOf(type, value), "must be one of " + names);
    }
    return null;
  }

  private static <V> ParamConverter<V> converter(
      String parameter, Function<String, V> parse, String expected) {
    return new ParamConverter<>() {
      @Override
      public V fromString(String value) {
        if (value == null) {
          return null;
        }
        try {
          return parse.apply(value.trim());
        } catch (IllegalArgumentException unreadable) {
          throw new InvalidParameter(parameter, expected);
        }
      }

      @Override
      public String toString(V value) {
        return value == null ? null : value instanceof Enum<?> e ? e.name() : value.toString();
      }
    };
  }
}
